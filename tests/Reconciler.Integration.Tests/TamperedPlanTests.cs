using System.Text.Json.Nodes;
using Reconciler.GitHubDouble;
using static Reconciler.Integration.Tests.Settings.SettingsScenario;

namespace Reconciler.Integration.Tests;

/// <summary>
/// <c>reconcile apply plan.json</c> with a plan edited after it was saved: each case takes a real plan, edits it the
/// way an attacker (or a careless hand) would, and checks that the edited repository is refused with its name and the
/// reason, that nothing is written to it (read back from the double), and that its untouched neighbour is applied.
/// </summary>
public sealed class TamperedPlanTests
{
    private const string Svc = "acme/svc";

    public static TheoryData<string> Cases() =>
    [
        "protection weakened", "environment widened", "branch policy deleted", "token made write", "dot-dot target",
        "repository listed twice", "status edited", "headSha missing", "defaultBranch missing", "file path climbs out",
        "file content edited", "explanations edited",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_tampered_saved_plan_is_refused_for_that_repository_and_nothing_weaker_is_written(string tampering)
    {
        await using var env = await StartAsync();
        var file = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.json");
        try
        {
            var plan = await env.RunAsync("plan", "--repo", Svc, "--repo", "acme/other", "--output", file);
            Assert.True(plan.Exit == 0, plan.ToString());
            var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
            var expected = Tamper(json, tampering, env);
            await File.WriteAllTextAsync(file, json.ToJsonString());

            var mark = env.Mark;
            var run = await env.RunAsync("apply", file, "--yes");
            Assert.True(run.Exit == 1, run.ToString());
            Assert.Contains($"{Svc}: error: {expected}", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("acme/other: opened pull request #1", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("Refused (not applied):\n  acme/svc: error:", run.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Contains("Apply: 1 opened, 0 updated, 0 up to date, 0 skipped, 1 failed", run.Stdout, StringComparison.Ordinal);

            var writes = env.Since(mark).Where(e => e.IsWrite).ToList();
            Assert.DoesNotContain(writes, e => e.Path.StartsWith("/repos/acme/svc/", StringComparison.Ordinal));
            Assert.DoesNotContain(writes, e => e.Path.Contains("/protection", StringComparison.Ordinal) || e.Path.Contains("/environments/", StringComparison.Ordinal) || e.Path.Contains("/actions/permissions", StringComparison.Ordinal));
            Assert.Null(env.GitHub.GetBranchProtection(Env.Org, "svc", "main"));
            Assert.Null(env.GitHub.GetRef(Env.Org, "svc", "heads/" + Env.Branch));
            var environment = env.GitHub.GetEnvironment(Env.Org, "svc", EnvName)!;
            Assert.Equal((false, true), environment.BranchPolicy);
            Assert.Equal(["main"], environment.Policies.Select(p => p.Name));
            Assert.Equal(("read", false), env.GitHub.GetWorkflowPermissions(Env.Org, "svc"));
            var neighbour = env.GitHub.GetBranchProtection(Env.Org, "other", "main")!;
            Assert.Equal(1, neighbour.RequiredPullRequestReviews!["required_approving_review_count"]!.GetValue<int>());
            Assert.False(neighbour.AllowForcePushes);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_same_plan_untouched_is_applied_settings_and_pull_request_alike()
    {
        await using var env = await StartAsync();
        var file = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, (await env.RunAsync("plan", "--repo", Svc, "--repo", "acme/other", "--output", file)).Exit);
            var run = await env.RunAsync("apply", file, "--yes");
            Assert.True(run.Exit == 0, run.ToString());
            Assert.Contains($"{Svc}: opened pull request #1", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("create branch-protection:main", run.Stdout, StringComparison.Ordinal);
            var protection = env.GitHub.GetBranchProtection(Env.Org, "svc", "main")!;
            Assert.Equal(1, protection.RequiredPullRequestReviews!["required_approving_review_count"]!.GetValue<int>());
            Assert.False(protection.AllowForcePushes);
            var body = Assert.Single(env.GitHub.GetPullRequests(Env.Org, "svc")).Body;
            var explanations = Entry(JsonNode.Parse(await File.ReadAllTextAsync(file))!, Svc)["changes"]!.AsArray()
                .Where(c => c!["kind"]!.GetValue<string>() == "file").SelectMany(c => c!["explanations"]!.AsArray().Select(e => e!.GetValue<string>()));
            Assert.All(explanations, e => Assert.Contains(e, body, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// svc: its release workflow lacks root permissions (a file change), its publishing environment is in line, main is
    /// unprotected (a setting change), the token is read-only. other: the same files, every setting in line.
    /// </summary>
    private static async Task<Env> StartAsync()
    {
        var env = await Env.StartAsync(seedSample: false);
        var files = HardenedButForRootPermissions();
        env.GitHub.AddRepo(Env.Org, "svc", new RepoSeed { Files = files });
        foreach (var name in Env.EnvironmentsThePlanWants("svc", files))
        {
            env.GitHub.AddEnvironment(Env.Org, "svc", name, new EnvironmentSeed { BranchPolicy = (false, true), Policies = [("main", "branch")] });
        }

        env.GitHub.AddRepo(Env.Org, "other", new RepoSeed { Files = HardenedButForRootPermissions() });
        env.MakeCompliant("other", files);
        return env;
    }

    /// <summary>Edits the saved plan; returns the start of the reason apply must give for acme/svc.</summary>
    private static string Tamper(JsonNode plan, string tampering, Env env)
    {
        var svc = Entry(plan, Svc);
        var changes = svc["changes"]!.AsArray();
        var protection = changes.Single(c => c!["target"]?.GetValue<string>() == "branch-protection:main")!;
        var workflow = changes.First(c => c!["kind"]!.GetValue<string>() == "file")!;
        var workflowPath = workflow["path"]!.GetValue<string>();
        switch (tampering)
        {
            case "protection weakened":
                protection["desired"]!["required_pull_request_reviews"] = null;
                protection["desired"]!["allow_force_pushes"] = true;
                return "the plan's setting change 'create branch-protection:main' differs in its desired value from what the policy makes now";
            case "environment widened":
                changes.Add(Setting($"environment:{EnvName}", "update", null, new JsonObject { ["wait_timer"] = 0, ["prevent_self_review"] = false, ["reviewers"] = new JsonArray(), ["deployment_branch_policy"] = null }));
                return $"the plan's setting change 'update environment:{EnvName}' is not a change the policy makes now";
            case "branch policy deleted":
                var id = env.GitHub.GetEnvironment(Env.Org, "svc", EnvName)!.Policies.Single().Id;
                changes.Add(Setting($"environment:{EnvName}/deployment-branch-policy:main", "delete", new JsonObject { ["id"] = id, ["name"] = "main", ["type"] = "branch" }, null));
                return $"the plan's setting change 'delete environment:{EnvName}/deployment-branch-policy:main' is not a change the policy makes now";
            case "token made write":
                changes.Add(Setting("actions:workflow-permissions", "update", null, new JsonObject { ["default_workflow_permissions"] = "write", ["can_approve_pull_request_reviews"] = true }));
                return "the plan's setting change 'update actions:workflow-permissions' is not a change the policy makes now";
            case "dot-dot target":
                // Joined to repos/acme/svc/branches/, this would resolve to acme/other's protection.
                protection["target"] = "branch-protection:../../other/branches/main";
                protection["desired"]!["required_pull_request_reviews"] = null;
                protection["desired"]!["allow_force_pushes"] = true;
                return "the plan's setting change 'create branch-protection:../../other/branches/main' is not a change the policy makes now";
            case "repository listed twice":
                plan["repositories"]!.AsArray().Add(svc.DeepClone());
                return "the plan lists acme/svc 2 times";
            case "status edited":
                svc["status"] = "in-sync";
                return "its status 'in-sync' doesn't fit the entry (it lists";
            case "headSha missing":
                svc.Remove("headSha");
                return "the plan doesn't say which default branch and commit it was made at";
            case "defaultBranch missing":
                svc.Remove("defaultBranch");
                return "the plan doesn't say which default branch and commit it was made at";
            case "file path climbs out":
                workflow["path"] = ".github/actions/../../src/action.yml";
                return "the plan's change to file .github/actions/../../src/action.yml is not a change the policy makes now";
            case "file content edited":
                workflow["content"] = workflow["content"]!.GetValue<string>() + "# exfiltrate\n";
                return $"the plan's change to file {workflowPath} differs in its content from what the policy makes now";
            case "explanations edited":
                workflow["explanations"] = new JsonArray("Reformats whitespace only; nothing to review.");
                return $"the plan's change to file {workflowPath} differs in its explanations from what the policy makes now";
            default:
                throw new ArgumentOutOfRangeException(nameof(tampering), tampering, null);
        }
    }

    private static JsonObject Entry(JsonNode plan, string repository) =>
        plan["repositories"]!.AsArray().Single(r => r!["repository"]!.GetValue<string>() == repository)!.AsObject();

    private static JsonObject Setting(string target, string action, JsonNode? current, JsonNode? desired) => new()
    {
        ["kind"] = "setting",
        ["target"] = target,
        ["action"] = action,
        ["current"] = current,
        ["desired"] = desired,
        ["reason"] = "tampered",
        ["rules"] = new JsonArray("environment-protection"),
    };
}
