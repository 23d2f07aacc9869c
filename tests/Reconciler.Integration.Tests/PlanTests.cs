using System.Text.Json;
using Reconciler.GitHubDouble;
using Reconciler.GitHubDouble.State;

namespace Reconciler.Integration.Tests;

/// <summary><c>reconcile plan --org/--repo</c> over the GitHub double, through Octokit and real HTTP.</summary>
public sealed class PlanTests
{
    [Fact]
    public async Task Plan_over_the_double_gives_the_same_findings_and_changes_as_path_on_the_same_files()
    {
        await using var env = await Env.StartAsync();
        var github = await env.RunAsync("plan", "--org", Env.Org, "--format", "json");
        var folder = await env.RunAsync("plan", "--path", Env.Examples, "--format", "json");
        Assert.True(github.Exit == folder.Exit, github + "\n" + folder);

        var fromGitHub = Repositories(github.Json);
        var fromFolder = Repositories(folder.Json);
        Assert.Equal(fromFolder.Keys.Select(k => Env.Org + "/" + k).Order(StringComparer.Ordinal), fromGitHub.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, expected) in fromFolder)
        {
            var actual = fromGitHub[Env.Org + "/" + name];
            Assert.Equal(expected.GetProperty("status").GetString(), actual.GetProperty("status").GetString());
            Assert.Equal(expected.GetProperty("findings").GetRawText(), actual.GetProperty("findings").GetRawText());
            // A folder doesn't know its owner: manual steps there say `<owner>` where GitHub's name the org.
            Assert.Equal(expected.GetProperty("changes").GetRawText().Replace("<owner>", Env.Org, StringComparison.Ordinal), actual.GetProperty("changes").GetRawText());
            Assert.Matches("^[0-9a-f]{40}$", actual.GetProperty("headSha").GetString());
        }

        Assert.Contains(fromGitHub.Values, r => r.GetProperty("status").GetString() == "drift");
    }

    [Fact]
    public async Task Plan_with_repo_options_reads_just_those_repositories()
    {
        await using var env = await Env.StartAsync();
        var run = await env.RunAsync("plan", "--repo", "acme/acme-python", "--repo", "acme/acme-docs", "--format", "json");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal(["acme/acme-docs", "acme/acme-python"], Repositories(run.Json).Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(env.Log, e => e.Path.EndsWith("/orgs/acme/repos", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Archived_forked_disabled_empty_opted_out_and_unselected_repositories_are_skipped_with_reasons()
    {
        await using var env = await Env.StartAsync();
        var gh = env.GitHub;
        gh.AddRepo(Env.Org, "old", new RepoSeed { Archived = true, Files = Env.FilesOf(Path.Combine(Env.Examples, "acme-python")) });
        gh.AddRepo(Env.Org, "forked", new RepoSeed { Fork = true, Files = Env.FilesOf(Path.Combine(Env.Examples, "acme-python")) });
        gh.AddRepo(Env.Org, "frozen", new RepoSeed { Disabled = true });
        gh.AddRepo(Env.Org, "blank", new RepoSeed { Empty = true });
        var optOut = Env.FilesOf(Path.Combine(Env.Examples, "acme-python"));
        optOut[".github/reconcile.yml"] = "enabled: false\n";
        gh.AddRepo(Env.Org, "opted-out", new RepoSeed { Files = optOut });
        var policy = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(policy, (await File.ReadAllTextAsync(Path.Combine(Env.Root, "policies", "sdk-publish-hardening.yml"))).Replace("exclude: []", "exclude: [acme-docs]", StringComparison.Ordinal));
        try
        {
            var run = await env.RunAsync("plan", "--org", Env.Org, "--format", "json", "--policy", policy);
            Assert.True(run.Exit == 0, run.ToString());
            var repos = Repositories(run.Json);
            string Reason(string name) => repos["acme/" + name].GetProperty("status").GetString() + ": " + repos["acme/" + name].GetProperty("reason").GetString();
            Assert.Equal("skipped: archived", Reason("old"));
            Assert.Equal("skipped: fork", Reason("forked"));
            Assert.Equal("skipped: disabled", Reason("frozen"));
            Assert.Equal("skipped: empty (no commits)", Reason("blank"));
            Assert.StartsWith("skipped: opted out", Reason("opted-out"), StringComparison.Ordinal);
            Assert.Equal("skipped: not selected by the policy's selector", Reason("acme-docs"));

            var text = await env.RunAsync("plan", "--org", Env.Org, "--policy", policy, "--no-color");
            Assert.Contains("archived", text.Stdout, StringComparison.Ordinal);
            Assert.Contains("fork", text.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [Fact]
    public async Task A_token_that_cannot_see_the_org_gives_a_clear_error_and_never_prints_the_token()
    {
        await using var env = await Env.StartAsync();
        var token = env.GitHub.AddToken("outsider", new TokenSeed { OrgAccess = new Dictionary<string, Access> { [Env.Org] = Access.None }, DefaultAccess = Access.None });
        env.Variables["GITHUB_TOKEN"] = token;
        var run = await env.RunAsync("plan", "--org", Env.Org);
        Assert.Equal(1, run.Exit);
        Assert.Contains("the organization 'acme' was not found, or the credentials can't see it", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(token, run.Stdout + run.Stderr, StringComparison.Ordinal);

        env.Variables["GITHUB_TOKEN"] = "ghp_not_a_real_token_at_all_0123456789";
        var bad = await env.RunAsync("plan", "--org", Env.Org);
        Assert.Equal(1, bad.Exit);
        Assert.Contains("401", bad.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_not_a_real_token", bad.Stdout + bad.Stderr, StringComparison.Ordinal);

        env.Variables["GITHUB_TOKEN"] = null;
        var none = await env.RunAsync("plan", "--org", Env.Org);
        Assert.Equal(1, none.Exit);
        Assert.Contains("no GitHub credentials", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_bad_repository_does_not_stop_the_sweep()
    {
        await using var env = await Env.StartAsync();
        var broken = Env.FilesOf(Path.Combine(Env.Examples, "acme-python"));
        broken[".github/workflows/ci.yml"] = "name: ci\non: push\njobs:\n  build:\n    runs-on: x\n   bad: [1\n";
        env.GitHub.AddRepo(Env.Org, "malformed", new RepoSeed { Files = broken });
        var garbled = new Dictionary<string, string>(broken) { [".github/workflows/ci.yml"] = "name: ci\non: [push\njobs: {\n" };
        env.GitHub.AddRepo(Env.Org, "garbled", new RepoSeed { Files = garbled });
        env.GitHub.AddRepo(Env.Org, "flaky", new RepoSeed { Files = Env.FilesOf(Path.Combine(Env.Examples, "acme-node")) });
        env.GitHub.Faults.FailNext("GET", "/repos/acme/flaky/git/trees/**", 500, count: 20);

        var run = await env.RunAsync("plan", "--org", Env.Org, "--format", "json");
        Assert.True(run.Exit == 1 && run.Stdout.Length > 0, run.ToString());
        var repos = Repositories(run.Json);
        Assert.Equal("error", repos["acme/flaky"].GetProperty("status").GetString());
        Assert.Contains("500", repos["acme/flaky"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("error", repos["acme/malformed"].GetProperty("status").GetString());
        Assert.Contains("invalid YAML", repos["acme/malformed"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("error", repos["acme/garbled"].GetProperty("status").GetString());
        foreach (var name in Env.SampleRepos)
        {
            Assert.NotEqual("error", repos["acme/" + name].GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Server_errors_and_rate_limits_are_retried_and_the_plan_succeeds()
    {
        await using var env = await Env.StartAsync();
        var clean = await env.RunAsync("plan", "--org", Env.Org, "--format", "json");

        await using var faulty = await Env.StartAsync();
        faulty.GitHub.Faults.FailNext("GET", "/orgs/acme/repos", 502, count: 2);
        faulty.GitHub.Faults.FailNext("GET", "/repos/acme/acme-python/git/trees/**", 500);
        faulty.GitHub.Faults.SecondaryRateLimit("GET", "/repos/acme/acme-node/git/ref/**", retryAfterSeconds: 42);
        faulty.GitHub.Faults.PrimaryRateLimit("GET", "/repos/acme/acme-java/git/blobs/*", status: 429);
        faulty.GitHub.Faults.SecondaryRateLimit("GET", "/repos/acme/acme-docs/git/ref/**", retryAfterSeconds: 7, status: 429);
        var run = await faulty.RunAsync("plan", "--org", Env.Org, "--format", "json");
        Assert.True(run.Exit == clean.Exit, run.ToString());
        Assert.Equal(Strip(clean.Json), Strip(run.Json));
        Assert.Contains(TimeSpan.FromSeconds(42), faulty.Clock.Waits);
        Assert.Contains(TimeSpan.FromSeconds(7), faulty.Clock.Waits);
        Assert.Contains(faulty.Clock.Waits, w => w > TimeSpan.FromMinutes(30));
        Assert.Contains(faulty.Log, e => e.Status == 502);
        Assert.Contains(faulty.Log, e => e.Status == 429);
    }

    [Fact]
    public async Task Plan_follows_pagination_across_more_than_a_hundred_repositories()
    {
        await using var env = await Env.StartAsync(seedSample: false);
        for (var i = 0; i < 105; i++)
        {
            env.GitHub.AddRepo(Env.Org, $"r{i:000}");
        }

        var run = await env.RunAsync("plan", "--org", Env.Org, "--format", "json");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal(105, Repositories(run.Json).Count);
        Assert.Equal(2, env.Log.Count(e => e.Path == "/orgs/acme/repos"));
    }

    [Fact]
    public async Task A_repository_that_cannot_be_seen_is_that_repository_s_error_only()
    {
        await using var env = await Env.StartAsync();
        var run = await env.RunAsync("plan", "--repo", "acme/nope", "--repo", "acme/acme-python", "--format", "json");
        Assert.Equal(1, run.Exit);
        var repos = Repositories(run.Json);
        Assert.Equal("acme/nope: not found, or the credentials can't see it", repos["acme/nope"].GetProperty("error").GetString());
        Assert.Equal("drift", repos["acme/acme-python"].GetProperty("status").GetString());
    }

    public static Dictionary<string, JsonElement> Repositories(JsonElement plan) =>
        plan.GetProperty("repositories").EnumerateArray().ToDictionary(r => r.GetProperty("repository").GetString()!, r => r, StringComparer.Ordinal);

    /// <summary>The plan without what differs between two doubles (head SHAs).</summary>
    private static string Strip(JsonElement plan) =>
        string.Join("\n", plan.GetProperty("repositories").EnumerateArray().Select(r =>
            r.GetProperty("repository").GetString() + " " + r.GetProperty("status").GetString() + " "
            + (r.TryGetProperty("findings", out var f) ? f.GetRawText() : "") + (r.TryGetProperty("changes", out var c) ? c.GetRawText() : "")));
}
