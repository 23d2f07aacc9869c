using System.Text.Json.Nodes;
using Reconciler.GitHubDouble;
using Reconciler.GitHubDouble.State;
using static Reconciler.Integration.Tests.Settings.SettingsScenario;

namespace Reconciler.Integration.Tests.Settings;

/// <summary><c>reconcile apply</c> converges repository settings, before the pull request, without weakening anything.</summary>
public sealed class SettingsApplyTests
{
    [Fact]
    public async Task Apply_creates_the_settings_before_the_pull_request_and_a_second_apply_writes_nothing()
    {
        await using var env = await Env.StartAsync(seedSample: false);
        env.GitHub.AddRepo(Env.Org, "svc", new RepoSeed { Files = HardenedButForRootPermissions() });
        env.GitHub.SetWorkflowPermissions(Env.Org, "svc", "write", canApprovePullRequestReviews: true);

        var mark = env.Mark;
        var apply = await env.RunAsync("apply", "--repo", "acme/svc", "--yes");
        Assert.True(apply.Exit == 0, apply.ToString());
        Assert.Contains("acme/svc: opened pull request #1", apply.Stdout, StringComparison.Ordinal);
        Assert.Contains($"settings: create environment:{EnvName}, create environment:{EnvName}/deployment-branch-policy:main, create branch-protection:main, update actions:workflow-permissions", apply.Stdout, StringComparison.Ordinal);

        var environment = env.GitHub.GetEnvironment(Env.Org, "svc", EnvName)!;
        Assert.Equal((false, true), environment.BranchPolicy);
        Assert.Equal(["main"], environment.Policies.Select(p => p.Name));
        var protection = env.GitHub.GetBranchProtection(Env.Org, "svc", "main")!;
        Assert.Equal(1, protection.RequiredPullRequestReviews!["required_approving_review_count"]!.GetValue<int>());
        Assert.True(protection.RequiredPullRequestReviews["dismiss_stale_reviews"]!.GetValue<bool>());
        Assert.False(protection.AllowForcePushes);
        Assert.Equal(("read", false), env.GitHub.GetWorkflowPermissions(Env.Org, "svc"));

        // Environment, then its branch rule, then protection and token defaults: all before the pull request.
        var log = env.Since(mark);
        var order = new[]
        {
            IndexOf(log, "PUT", $"/environments/{EnvName}"),
            IndexOf(log, "POST", $"/environments/{EnvName}/deployment-branch-policies"),
            IndexOf(log, "PUT", "/branches/main/protection"),
            IndexOf(log, "PUT", "/actions/permissions/workflow"),
            IndexOf(log, "POST", "/repos/acme/svc/pulls"),
        };
        Assert.All(order, i => Assert.True(i >= 0, env.Describe(log)));
        Assert.Equal(order.Order(), order);

        var replan = await env.RunAsync("plan", "--repo", "acme/svc", "--format", "json");
        Assert.Empty(SettingChanges(replan, "svc"));

        mark = env.Mark;
        var second = await env.RunAsync("apply", "--repo", "acme/svc", "--yes");
        Assert.True(second.Exit == 0, second.ToString());
        Assert.True(env.Since(mark).All(e => !e.IsWrite), "second apply wrote:\n" + env.Describe(env.Since(mark).Where(e => e.IsWrite)));
    }

    [Fact]
    public async Task Apply_raises_settings_to_the_minimums_and_keeps_everything_stricter()
    {
        await using var env = await StartAsync("svc");
        var alice = env.GitHub.AddUser("alice");
        var bob = env.GitHub.AddUser("bob");
        var releasers = env.GitHub.AddTeam(Env.Org, "releasers");
        env.GitHub.AddEnvironment(Env.Org, "svc", EnvName, new EnvironmentSeed
        {
            WaitTimer = 60,
            PreventSelfReview = true,
            Reviewers = [("User", alice.Id)],
            BranchPolicy = (false, true),
            Policies = [("release/*", "branch")],
        });
        env.GitHub.SetBranchProtection(Env.Org, "svc", "main", new ProtectionState
        {
            RequiredPullRequestReviews = new JsonObject
            {
                ["required_approving_review_count"] = 2,
                ["dismiss_stale_reviews"] = false,
                ["dismissal_restrictions"] = new JsonObject { ["users"] = new JsonArray("alice"), ["teams"] = new JsonArray() },
            },
            RequiredSignatures = true,
            RequiredStatusChecks = new StatusChecks(true, ["ci/test", "lint"], [("ci/test", 15368), ("lint", null)]),
            EnforceAdmins = true,
            AllowForcePushes = true,
            RequiredLinearHistory = true,
        });
        var policy = await ApplyTests.WritePolicyAsync(p => p.Replace(
            "    deploymentBranches: default-branch\n",
            "    deploymentBranches: default-branch\n    waitTimer: 10\n    requiredReviewers: [\"user:bob\", \"team:releasers\"]\n",
            StringComparison.Ordinal));
        try
        {
            var plan = await env.RunAsync("plan", "--repo", "acme/svc", "--format", "json", "--policy", policy);
            var changes = SettingChanges(plan, "svc");
            Assert.Equal(60, changes[$"environment:{EnvName}"].GetProperty("desired").GetProperty("wait_timer").GetInt32());
            Assert.Contains(Findings(plan, "svc"), f => f.Contains("also lets branch pattern 'release/*' deploy", StringComparison.Ordinal));
            Assert.DoesNotContain(changes.Keys, k => k.EndsWith("release/*", StringComparison.Ordinal));

            var apply = await env.RunAsync("apply", "--repo", "acme/svc", "--yes", "--policy", policy);
            Assert.True(apply.Exit == 0, apply.ToString());
            Assert.Contains(env.Log, e => e.Path == "/users/bob");

            var environment = env.GitHub.GetEnvironment(Env.Org, "svc", EnvName)!;
            Assert.Equal(60, environment.WaitTimer);
            Assert.True(environment.PreventSelfReview);
            Assert.Equal([("User", alice.Id), ("User", bob.Id), ("Team", releasers)], environment.Reviewers);
            Assert.Contains(env.Log, e => e.Path == "/orgs/acme/teams/releasers");
            Assert.Equal(["release/*", "main"], environment.Policies.Select(p => p.Name));

            var protection = env.GitHub.GetBranchProtection(Env.Org, "svc", "main")!;
            Assert.Equal(2, protection.RequiredPullRequestReviews!["required_approving_review_count"]!.GetValue<int>());
            Assert.True(protection.RequiredPullRequestReviews["dismiss_stale_reviews"]!.GetValue<bool>());
            Assert.Equal(["ci/test", "lint"], protection.RequiredStatusChecks!.Contexts);
            Assert.Equal([("ci/test", (long?)15368), ("lint", null)], protection.RequiredStatusChecks.Checks);
            Assert.True(protection.EnforceAdmins);
            Assert.True(protection.RequiredLinearHistory);
            Assert.True(protection.RequiredSignatures);
            Assert.Equal("alice", protection.RequiredPullRequestReviews["dismissal_restrictions"]!["users"]![0]!.GetValue<string>());
            Assert.False(protection.AllowForcePushes);

            var mark = env.Mark;
            var second = await env.RunAsync("apply", "--repo", "acme/svc", "--yes", "--policy", policy);
            Assert.True(second.Exit == 0, second.ToString());
            Assert.True(env.Since(mark).All(e => !e.IsWrite), "second apply wrote:\n" + env.Describe(env.Since(mark).Where(e => e.IsWrite)));
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [Fact]
    public async Task Prune_removes_deployment_branch_patterns_the_policy_does_not_name()
    {
        await using var env = await StartAsync("svc");
        env.MakeCompliant("svc", Hardened());
        env.GitHub.AddEnvironment(Env.Org, "svc", EnvName, new EnvironmentSeed { BranchPolicy = (false, true), Policies = [("main", "branch"), ("release/*", "branch"), ("v*", "tag")] });
        var policy = await ApplyTests.WritePolicyAsync(p => p.Replace("    prune: false", "    prune: true", StringComparison.Ordinal));
        try
        {
            var apply = await env.RunAsync("apply", "--repo", "acme/svc", "--yes", "--policy", policy);
            Assert.True(apply.Exit == 0, apply.ToString());
            Assert.Equal(["main"], env.GitHub.GetEnvironment(Env.Org, "svc", EnvName)!.Policies.Select(p => p.Name));
            Assert.Equal(2, env.Log.Count(e => e.Method == "DELETE" && e.Path.Contains("/deployment-branch-policies/", StringComparison.Ordinal)));

            var mark = env.Mark;
            await env.RunAsync("apply", "--repo", "acme/svc", "--yes", "--policy", policy);
            Assert.DoesNotContain(env.Since(mark), e => e.IsWrite);
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [Fact]
    public async Task A_saved_plan_whose_branch_policy_was_created_since_is_planned_again_and_writes_nothing()
    {
        await using var env = await StartAsync("svc");
        env.MakeCompliant("svc", Hardened());
        env.GitHub.AddEnvironment(Env.Org, "svc", EnvName, new EnvironmentSeed { BranchPolicy = (false, true) });
        var file = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, (await env.RunAsync("plan", "--repo", "acme/svc", "--output", file)).Exit);
            Assert.Contains($"environment:{EnvName}/deployment-branch-policy:main", await File.ReadAllTextAsync(file), StringComparison.Ordinal);

            // Someone adds the rule between plan and apply: planned again, the repository is in line and nothing is written.
            env.GitHub.Inspect(s =>
            {
                s.FindRepo(Env.Org, "svc")!.Environments.Single().Policies.Add(new BranchPolicyState { Id = 77, Name = "main", Type = "branch" });
                return true;
            });
            var mark = env.Mark;
            var apply = await env.RunAsync("apply", file, "--yes");
            Assert.True(apply.Exit == 0, apply.ToString());
            Assert.Contains("nothing to apply", apply.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(env.Since(mark), e => e.IsWrite);
            Assert.Equal(["main"], env.GitHub.GetEnvironment(Env.Org, "svc", EnvName)!.Policies.Select(p => p.Name));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_workflow_setting_the_organization_locks_fails_that_repository_with_the_reason()
    {
        await using var env = await StartAsync("svc", "other");
        env.MakeCompliant("svc", Hardened());
        env.MakeCompliant("other", Hardened());
        env.GitHub.SetWorkflowPermissions(Env.Org, "svc", "write", canApprovePullRequestReviews: false, lockedByOrg: true);
        env.GitHub.SetWorkflowPermissions(Env.Org, "other", "write", canApprovePullRequestReviews: false);

        var apply = await env.RunAsync("apply", "--repo", "acme/svc", "--repo", "acme/other", "--yes");
        Assert.Equal(1, apply.Exit);
        Assert.Contains("acme/svc: error: acme/svc: update actions:workflow-permissions failed: an organization or enterprise policy prevents this change (PUT /repos/acme/svc/actions/permissions/workflow answered 409", apply.Stdout, StringComparison.Ordinal);
        Assert.Equal(("read", false), env.GitHub.GetWorkflowPermissions(Env.Org, "other"));
    }
}
