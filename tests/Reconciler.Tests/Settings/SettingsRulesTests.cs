using System.Text.Json.Nodes;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Rules;
using Reconciler.Core.Settings;

namespace Reconciler.Tests.Settings;

/// <summary>Settings rules: create, update and no-op; stricter settings kept; rulesets counted; unreadable never treated as absent.</summary>
public class SettingsRulesTests
{
    private const string Publishing = """
        on: push
        permissions: {}
        jobs:
          publish:
            runs-on: ubuntu-latest
            environment: pypi-production
            permissions:
              id-token: write
            steps:
              - uses: pypa/gh-action-pypi-publish@cef221092ed1bacb1cc03d23a2d87d1d172e277b # v1.14.0
        """;

    private static readonly Core.Policy.Policy Policy = PolicyLoader.LoadBuiltIn();

    private static readonly EnvironmentState Protected = new()
    {
        Name = "pypi-production",
        DeploymentBranchPolicy = new DeploymentBranchPolicyState(false, true),
        BranchPolicies = [new BranchPolicyPattern(1, "main")],
    };

    private static readonly BranchProtectionState GoodProtection = new()
    {
        Branch = "main",
        Protected = true,
        RequiredApprovingReviewCount = 1,
        DismissStaleReviews = true,
    };

    private static RepositoryPlan Plan(RepositorySettings settings, string workflow = Publishing, Core.Policy.Policy? policy = null) =>
        new Planner(policy ?? Policy, [new EnvironmentProtectionRule(), new BranchProtectionRule(), new ActionsSettingsRule()]).PlanRepository(new RepositorySnapshot
        {
            FullName = "acme/sdk",
            DefaultBranch = "main",
            HeadSha = "abc",
            Files = new Dictionary<string, string> { [".github/workflows/release.yml"] = workflow },
            Settings = settings,
        });

    private static RepositorySettings Converged(EnvironmentState? env = null, BranchProtectionState? protection = null, IReadOnlyList<BranchRule>? rules = null, ActionsSettingsState? actions = null) => new()
    {
        Environments = new Dictionary<string, EnvironmentState> { ["pypi-production"] = env ?? Protected },
        BranchProtection = protection ?? GoodProtection,
        BranchRules = rules ?? [],
        Actions = actions ?? new ActionsSettingsState { DefaultWorkflowPermissions = "read" },
    };

    private static SettingChange Setting(RepositoryPlan plan, string target) =>
        plan.Changes.OfType<SettingChange>().Single(c => c.Target == target);

    [Fact]
    public void Converged_settings_need_no_change()
    {
        var plan = Plan(Converged());
        Assert.Equal(RepositoryStatus.InSync, plan.Status);
        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void A_missing_environment_is_created_with_a_branch_rule_for_the_default_branch()
    {
        var plan = Plan(Converged() with { Environments = new Dictionary<string, EnvironmentState>() });
        var env = Setting(plan, "environment:pypi-production");
        Assert.Equal(ChangeAction.Create, env.Action);
        Assert.Null(env.Current);
        Assert.Equal("""{"protected_branches":false,"custom_branch_policies":true}""", env.Desired!["deployment_branch_policy"]!.ToJsonString());
        var branch = Setting(plan, "environment:pypi-production/deployment-branch-policy:main");
        Assert.Equal("""{"name":"main","type":"branch"}""", branch.Desired!.ToJsonString());
        Assert.Equal(RepositoryStatus.Drift, plan.Status);
    }

    [Fact]
    public void An_environment_any_branch_can_deploy_to_is_a_finding_even_when_the_workflow_is_perfect()
    {
        var plan = Plan(Converged(env: Protected with { DeploymentBranchPolicy = null, BranchPolicies = [] }));
        var finding = Assert.Single(plan.Findings, f => f.Rule == "environment-protection");
        Assert.Contains("any branch can deploy", finding.Message, StringComparison.Ordinal);
        Assert.Equal(".github/workflows/release.yml", finding.Path);
        Assert.Equal(6, finding.Line);
        Assert.Equal(ChangeAction.Update, Setting(plan, "environment:pypi-production").Action);
    }

    [Fact]
    public void Stricter_environment_settings_stay_and_extra_branch_patterns_are_reported_not_removed()
    {
        var strict = Protected with
        {
            WaitTimer = 30,
            PreventSelfReview = true,
            Reviewers = [new EnvironmentReviewer("Team", 7, "release-managers")],
            BranchPolicies = [new BranchPolicyPattern(1, "main"), new BranchPolicyPattern(2, "release/*")],
        };
        var plan = Plan(Converged(env: strict));
        Assert.DoesNotContain(plan.Changes, c => c is SettingChange s && s.Target == "environment:pypi-production");
        var widening = Assert.Single(plan.Findings, f => f.Message.Contains("release/*", StringComparison.Ordinal));
        Assert.Equal(Severity.Warning, widening.Severity);
        Assert.DoesNotContain(plan.Changes, c => c is SettingChange { Action: ChangeAction.Delete });
    }

    [Fact]
    public void Prune_removes_extra_branch_patterns_only_when_the_policy_says_so()
    {
        var policy = PolicyLoader.Load(File.ReadAllText(Support.Repo.PathOf("policies", "sdk-publish-hardening.yml")).Replace("    prune: false", "    prune: true", StringComparison.Ordinal), "p.yml");
        var plan = Plan(Converged(env: Protected with { BranchPolicies = [new BranchPolicyPattern(1, "main"), new BranchPolicyPattern(2, "dev")] }), policy: policy);
        var delete = Setting(plan, "environment:pypi-production/deployment-branch-policy:dev");
        Assert.Equal(ChangeAction.Delete, delete.Action);
        Assert.Equal(2, delete.Current!["id"]!.GetValue<long>());
    }

    [Fact]
    public void Unprotected_default_branch_gets_classic_protection_with_the_minimums()
    {
        var plan = Plan(Converged(protection: new BranchProtectionState { Branch = "main", Protected = false }));
        var change = Setting(plan, "branch-protection:main");
        Assert.Equal(ChangeAction.Create, change.Action);
        var reviews = change.Desired!["required_pull_request_reviews"]!;
        Assert.Equal(1, reviews["required_approving_review_count"]!.GetValue<int>());
        Assert.True(reviews["dismiss_stale_reviews"]!.GetValue<bool>());
        Assert.False(change.Desired["allow_force_pushes"]!.GetValue<bool>());
        Assert.True(change.Desired.AsObject().ContainsKey("required_status_checks"));
        Assert.True(change.Desired.AsObject().ContainsKey("restrictions"));
    }

    [Fact]
    public void Stricter_protection_stays_and_status_checks_are_kept_when_raising_a_minimum()
    {
        var current = GoodProtection with
        {
            RequiredApprovingReviewCount = 3,
            DismissStaleReviews = false,
            StatusChecks = new RequiredStatusChecks(true, ["ci/test"]),
            RequiredLinearHistory = true,
        };
        var change = Setting(Plan(Converged(protection: current)), "branch-protection:main");
        Assert.Equal(3, change.Desired!["required_pull_request_reviews"]!["required_approving_review_count"]!.GetValue<int>());
        Assert.True(change.Desired["required_pull_request_reviews"]!["dismiss_stale_reviews"]!.GetValue<bool>());
        Assert.Equal("""{"strict":true,"contexts":["ci/test"]}""", change.Desired["required_status_checks"]!.ToJsonString());
        Assert.True(change.Desired["required_linear_history"]!.GetValue<bool>());
    }

    [Fact]
    public void A_ruleset_that_covers_the_minimums_counts_and_no_classic_protection_is_added()
    {
        var rules = new List<BranchRule>
        {
            new("pull_request", new JsonObject { ["required_approving_review_count"] = 2, ["dismiss_stale_reviews_on_push"] = true }),
            new("non_fast_forward", null),
            new("deletion", null),
        };
        var plan = Plan(Converged(protection: new BranchProtectionState { Branch = "main", Protected = false }, rules: rules));
        Assert.DoesNotContain(plan.Changes, c => c is SettingChange s && s.Target.StartsWith("branch-protection", StringComparison.Ordinal));
    }

    [Fact]
    public void Unreadable_protection_is_an_error_for_that_repository_never_a_write()
    {
        var settings = Converged() with
        {
            BranchProtection = null,
            Unreadable = new Dictionary<string, string> { [RepositorySettings.Parts.BranchProtection] = "the token lacks admin on acme/sdk (403)" },
        };
        var plan = Plan(settings);
        Assert.Equal(RepositoryStatus.Error, plan.Status);
        Assert.Contains("lacks admin", plan.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Changes, c => c is SettingChange s && s.Target.StartsWith("branch-protection", StringComparison.Ordinal));
    }

    [Fact]
    public void A_read_write_default_token_becomes_read_only_and_a_read_only_one_is_never_widened()
    {
        var plan = Plan(Converged(actions: new ActionsSettingsState { DefaultWorkflowPermissions = "write", CanApprovePullRequestReviews = true }));
        var change = Setting(plan, "actions:workflow-permissions");
        Assert.Equal("""{"default_workflow_permissions":"read","can_approve_pull_request_reviews":false}""", change.Desired!.ToJsonString());

        var permissive = PolicyLoader.Load(File.ReadAllText(Support.Repo.PathOf("policies", "sdk-publish-hardening.yml")).Replace("defaultWorkflowPermissions: read", "defaultWorkflowPermissions: write", StringComparison.Ordinal), "p.yml");
        Assert.Empty(Plan(Converged(), policy: permissive).Changes);
    }

    [Fact]
    public void The_default_token_stays_read_write_while_a_job_relies_on_it_for_steps_nobody_can_assess()
    {
        const string relying = "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    environment: pypi-production\n    steps:\n      - run: ./bin/release\n";
        var plan = Plan(Converged(actions: new ActionsSettingsState { DefaultWorkflowPermissions = "write", CanApprovePullRequestReviews = true }), relying);
        var change = Setting(plan, "actions:workflow-permissions");
        Assert.Equal("""{"default_workflow_permissions":"write","can_approve_pull_request_reviews":false}""", change.Desired!.ToJsonString());
        Assert.Contains(plan.Findings, f => f.Rule == "actions-settings" && f.Line == 3 && f.Message.Contains("job release relies on it", StringComparison.Ordinal));

        // A job whose steps are all known gets its own grant from job-permissions: the default can be read-only.
        var known = relying.Replace("./bin/release", "npm ci", StringComparison.Ordinal);
        var flipped = Setting(Plan(Converged(actions: new ActionsSettingsState { DefaultWorkflowPermissions = "write" }), known), "actions:workflow-permissions");
        Assert.Equal("read", (string?)flipped.Desired!["default_workflow_permissions"]);
    }

    [Fact]
    public void Folders_have_no_settings_and_settings_rules_stay_silent()
    {
        var plan = new Planner(Policy, [new EnvironmentProtectionRule(), new BranchProtectionRule(), new ActionsSettingsRule()]).PlanRepository(new RepositorySnapshot
        {
            FullName = "sdk",
            DefaultBranch = "main",
            Files = new Dictionary<string, string> { [".github/workflows/release.yml"] = Publishing },
        });
        Assert.Equal(RepositoryStatus.InSync, plan.Status);
        Assert.Empty(plan.Findings);
    }
}
