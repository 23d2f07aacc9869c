using System.Globalization;
using Reconciler.Core.Hosts.GitHub;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.GitHubDouble;

namespace Reconciler.Integration.Tests;

/// <summary>GitHub App authentication (JWT → installation token, renewed) and action tag resolution.</summary>
public sealed class GitHubAppAndActionsTests
{
    [Fact]
    public async Task Plan_works_as_a_GitHub_App_found_through_the_org_installation()
    {
        await using var env = await Env.StartAsync();
        var app = env.GitHub.AddApp(4242, "reconcile-bot");
        var installation = env.GitHub.AddInstallation(app.Id, Env.Org);
        env.Variables["GITHUB_TOKEN"] = null;
        env.Variables["GITHUB_APP_ID"] = app.Id.ToString(CultureInfo.InvariantCulture);
        env.Variables["GITHUB_APP_PRIVATE_KEY"] = app.PrivateKeyPem;

        var run = await env.RunAsync("plan", "--org", Env.Org, "--format", "json");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal(Env.SampleRepos.Count, PlanTests.Repositories(run.Json).Count);
        Assert.Contains(env.Log, e => e.Method == "GET" && e.Path == "/orgs/acme/installation");
        Assert.Contains(env.Log, e => e.Method == "POST" && e.Path == $"/app/installations/{installation}/access_tokens" && e.Status == 201);
        Assert.Contains(env.Log, e => e.Path == "/orgs/acme/repos" && e.TokenLogin == "reconcile-bot[bot]");
        Assert.DoesNotContain("PRIVATE KEY", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_installation_token_is_renewed_before_its_hour_runs_out()
    {
        await using var env = await Env.StartAsync();
        var app = env.GitHub.AddApp(77, "renewing");
        env.GitHub.AddInstallation(app.Id, Env.Org);
        var connection = GitHubConnection.Create(new GitHubConnectionOptions
        {
            ApiUrl = env.GitHub.BaseUri,
            Credentials = new AppCredentials(app.ClientId, app.PrivateKeyPem),
            Pacing = env.Clock.Pacing(),
            InstallationOwner = Env.Org,
        });
        var uri = new Uri("repos/acme/acme-python", UriKind.Relative);
        await connection.Api.Get<GitHubRepositoryDto>(uri);
        Advance(TimeSpan.FromMinutes(30));
        await connection.Api.Get<GitHubRepositoryDto>(uri);
        Assert.Equal(1, connection.Installation!.TokensCreated);
        Advance(TimeSpan.FromMinutes(26));
        await connection.Api.Get<GitHubRepositoryDto>(uri);
        Assert.Equal(2, connection.Installation.TokensCreated);

        void Advance(TimeSpan by)
        {
            env.Clock.Advance(by);
            env.GitHub.AdvanceTime(by);
        }
    }

    [Fact]
    public async Task An_app_not_installed_on_the_org_gives_a_clear_error()
    {
        await using var env = await Env.StartAsync();
        var app = env.GitHub.AddApp(99, "nowhere");
        env.Variables["GITHUB_TOKEN"] = null;
        env.Variables["GITHUB_APP_ID"] = app.ClientId;
        env.Variables["GITHUB_APP_PRIVATE_KEY"] = app.PrivateKeyPem;
        var run = await env.RunAsync("plan", "--org", Env.Org);
        Assert.Equal(1, run.Exit);
        Assert.Contains("not installed", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_key_that_is_not_a_key_gives_a_clear_error_without_echoing_it()
    {
        await using var env = await Env.StartAsync();
        env.Variables["GITHUB_TOKEN"] = null;
        env.Variables["GITHUB_APP_ID"] = "1";
        env.Variables["GITHUB_APP_PRIVATE_KEY"] = "not-a-key-but-secret-material";
        var run = await env.RunAsync("plan", "--org", Env.Org);
        Assert.Equal(1, run.Exit);
        Assert.Contains("error: the GitHub App private key is not a PEM RSA private key", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-material", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_resolve_to_commits_lightweight_annotated_and_nested_with_the_most_specific_version()
    {
        await using var env = await Env.StartAsync(seedSample: false);
        var gh = env.GitHub;
        gh.AddOrg("actions");
        gh.AddRepo("actions", "thing");
        var c1 = gh.GetRef("actions", "thing", "heads/main")!;
        var c2 = gh.PushCommit("actions", "thing", "main", new Dictionary<string, string?> { ["a"] = "2" });
        var c3 = gh.PushCommit("actions", "thing", "main", new Dictionary<string, string?> { ["a"] = "3" });
        gh.AddLightweightTag("actions", "thing", "v1", c1);
        gh.AddAnnotatedTag("actions", "thing", "v2", c2);
        gh.AddLightweightTag("actions", "thing", "v2.1.0", c2);
        gh.AddAnnotatedTag("actions", "thing", "v2.0", c1);
        var inner = gh.AddAnnotatedTag("actions", "thing", "v3-inner", c3, updateRef: false);
        gh.AddAnnotatedTag("actions", "thing", "v3", inner);

        var resolver = new ActionResolver(env.Connect());
        Assert.Equal(new Reconciler.Core.Rules.ResolvedRef(c1, "v1"), await resolver.ResolveAsync("actions/thing", "v1"));
        Assert.Equal(new Reconciler.Core.Rules.ResolvedRef(c2, "v2.1.0"), await resolver.ResolveAsync("actions/thing", "v2"));
        Assert.Equal(new Reconciler.Core.Rules.ResolvedRef(c3, "v3"), await resolver.ResolveAsync("actions/thing", "v3"));
        Assert.Null(await resolver.ResolveAsync("actions/thing", "v9"));
        Assert.Null(await resolver.ResolveAsync("actions/missing", "v1"));

        var snapshot = new RepositorySnapshot
        {
            FullName = "acme/x",
            DefaultBranch = "main",
            Files = new Dictionary<string, string>
            {
                [".github/workflows/ci.yml"] = "jobs:\n  a:\n    steps:\n      - uses: actions/thing@v2\n      - uses: actions/checkout@v4\n      - uses: ./local\n      - uses: actions/thing/sub@v1 # comment\n",
            },
        };
        var refs = await resolver.ResolveAsync([snapshot], PolicyLoader.LoadBuiltIn(), CancellationToken.None);
        Assert.Equal(c2, refs.Lookup("actions/thing", "v2")?.Sha);
        Assert.Equal(c1, refs.Lookup("actions/thing/sub", "v1")?.Sha);
        Assert.Null(refs.Lookup("actions/checkout", "v4")); // the catalogue knows v4: not looked up
    }

    [Fact]
    public async Task Plan_pins_other_tags_of_catalogue_actions_through_the_host_and_never_looks_up_tags_the_catalogue_knows()
    {
        await using var env = await Env.StartAsync(seedSample: false);
        var gh = env.GitHub;
        gh.AddOrg("actions");
        gh.AddRepo("actions", "checkout");
        var older = gh.PushCommit("actions", "checkout", "main", new Dictionary<string, string?> { ["action.yml"] = "runs: {using: node20, main: a.js}\n" });
        var latest = gh.PushCommit("actions", "checkout", "main", new Dictionary<string, string?> { ["a.js"] = "// v4.5.0\n" });
        gh.AddLightweightTag("actions", "checkout", "v4.2.2", older);
        gh.AddAnnotatedTag("actions", "checkout", "v4.5.0", latest);
        gh.AddLightweightTag("actions", "checkout", "v4.5", latest);
        const string workflow = "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n"
            + "      - uses: actions/checkout@v4.5\n        with:\n          persist-credentials: false\n"
            + "      - uses: actions/checkout@v4.2.2\n        with:\n          persist-credentials: false\n"
            + "      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n"
            + "      - uses: actions/checkout@v6\n        with:\n          persist-credentials: false\n";
        gh.AddRepo(Env.Org, "widgets", new RepoSeed { Files = new Dictionary<string, string> { [".github/workflows/ci.yml"] = workflow } });

        var run = await env.RunAsync("plan", "--repo", "acme/widgets", "--format", "json");
        Assert.True(run.Exit == 0, run.ToString());
        var content = PlanTests.Repositories(run.Json)["acme/widgets"].GetProperty("changes").EnumerateArray()
            .Single(c => c.TryGetProperty("path", out var path) && path.GetString() == ".github/workflows/ci.yml").GetProperty("content").GetString()!;
        Assert.Contains($"actions/checkout@{latest} # v4.5.0\n", content, StringComparison.Ordinal);
        Assert.Contains($"actions/checkout@{older} # v4.2.2\n", content, StringComparison.Ordinal);
        Assert.Contains("actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2\n", content, StringComparison.Ordinal);
        Assert.Contains("actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0\n", content, StringComparison.Ordinal); // a known tag
        Assert.DoesNotContain(env.Log, e => e.Path.Contains("/matching-refs/tags/v6", StringComparison.Ordinal) || e.Path.Contains("/matching-refs/tags/v4?", StringComparison.Ordinal));
    }
}
