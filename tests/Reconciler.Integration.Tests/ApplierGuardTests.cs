using System.Text.Json.Nodes;
using Reconciler.Core.Hosts.GitHub;
using Reconciler.Core.Hosts.GitHub.Settings;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.GitHubDouble;
using static Reconciler.Integration.Tests.Settings.SettingsScenario;

namespace Reconciler.Integration.Tests;

/// <summary>
/// The applier's own guards, below the CLI's saved-plan check (the worker calls it directly): a repository plan that
/// lost its head, names a path out of the allow-list, or a target that would climb into another repository is failed
/// before anything is written.
/// </summary>
public sealed class ApplierGuardTests
{
    public static TheoryData<string> Cases() =>
    [
        "headSha missing", "defaultBranch missing", "dot-dot target", "file path climbs out", "not owner/name",
        "protection lowered", "token made write", "environment opened", "reviewer dropped",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_repository_plan_the_applier_cannot_trust_fails_and_writes_nothing(string edit)
    {
        await using var env = await Env.StartAsync(seedSample: false);
        env.GitHub.AddRepo(Env.Org, "svc", new RepoSeed { Files = HardenedButForRootPermissions() });
        env.GitHub.AddRepo(Env.Org, "other", new RepoSeed { Files = Hardened() });
        env.MakeCompliant("other", Hardened());
        var policy = PolicyLoader.LoadBuiltIn();
        var host = new GitHubHost(env.Connect(), policy, GitHubScope.Repos(["acme/svc"]), new GitHubSettingsReader(policy));
        var fresh = Assert.Single((await PlanSweep.RunAsync(host, new Planner(policy), CancellationToken.None)).Repositories);
        Assert.Equal(RepositoryStatus.Drift, fresh.Status);
        var weak = new JsonObject { ["required_status_checks"] = null, ["enforce_admins"] = false, ["required_pull_request_reviews"] = null, ["restrictions"] = null, ["allow_force_pushes"] = true };
        var (plan, expected) = edit switch
        {
            "headSha missing" => (fresh with { HeadSha = null }, "the plan doesn't say which default branch and commit it was made at"),
            "defaultBranch missing" => (fresh with { DefaultBranch = null }, "the plan doesn't say which default branch and commit it was made at"),
            "dot-dot target" => (fresh with
            {
                Changes = [new SettingChange { Target = "branch-protection:../../other/branches/main", Action = ChangeAction.Create, Desired = weak }],
            }, "'..' can't be a name in a request path"),
            "file path climbs out" => (fresh with
            {
                Changes = [.. fresh.Changes.OfType<FileChange>().Select(f => f with { Path = ".github/actions/../../src/action.yml" })],
            }, "the plan changes .github/actions/../../src/action.yml, which Reconcile never writes"),
            "not owner/name" => (fresh with { Repository = "acme/svc/../other" }, "'acme/svc/../other' is not a repository name"),
            "protection lowered" => (Only(fresh, "branch-protection:main", ChangeAction.Update, Strong(), Strong(reviews: 0)), "refused update branch-protection:main: it turns required_pull_request_reviews off"),
            "token made write" => (Only(fresh, "actions:workflow-permissions", ChangeAction.Update, Token("read"), Token("write")), "refused update actions:workflow-permissions: it gives workflows a read-write default token"),
            "environment opened" => (Only(fresh, $"environment:{EnvName}", ChangeAction.Update, Environment(custom: true, "alice"), Environment(custom: null, "alice")), $"refused update environment:{EnvName}: it lets every branch deploy"),
            _ => (Only(fresh, $"environment:{EnvName}", ChangeAction.Update, Environment(custom: true, "alice"), Environment(custom: true)), $"refused update environment:{EnvName}: it drops the required reviewer User:alice"),
        };

        var mark = env.Mark;
        var result = await GitHubHostFactory.CreateApplier(host, policy).ApplyRepositoryAsync(plan, CancellationToken.None);
        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.True(result.Message.Contains(expected, StringComparison.Ordinal), result.Message);
        Assert.DoesNotContain(env.Since(mark), e => e.IsWrite);
        var other = env.GitHub.GetBranchProtection(Env.Org, "other", "main")!;
        Assert.NotNull(other.RequiredPullRequestReviews);
        Assert.False(other.AllowForcePushes);
        Assert.Null(env.GitHub.ReadFile(Env.Org, "svc", "src/action.yml", "main"));
    }

    /// <summary>The fresh plan with its setting changes replaced by one (its file change kept).</summary>
    private static RepositoryPlan Only(RepositoryPlan fresh, string target, ChangeAction action, JsonNode current, JsonNode desired) => fresh with
    {
        Changes = [.. fresh.Changes.OfType<FileChange>(), new SettingChange { Target = target, Action = action, Current = current, Desired = desired }],
    };

    private static JsonObject Strong(int reviews = 1) => new()
    {
        ["required_status_checks"] = null,
        ["enforce_admins"] = false,
        ["required_pull_request_reviews"] = reviews == 0 ? null : new JsonObject { ["required_approving_review_count"] = reviews, ["dismiss_stale_reviews"] = true },
        ["restrictions"] = null,
        ["allow_force_pushes"] = false,
        ["allow_deletions"] = false,
    };

    private static JsonObject Token(string permissions) => new() { ["default_workflow_permissions"] = permissions, ["can_approve_pull_request_reviews"] = false };

    private static JsonObject Environment(bool? custom, params string[] reviewers) => new()
    {
        ["wait_timer"] = 0,
        ["prevent_self_review"] = false,
        ["reviewers"] = new JsonArray([.. reviewers.Select(r => (JsonNode)new JsonObject { ["type"] = "User", ["login"] = r })]),
        ["deployment_branch_policy"] = custom is null ? null : new JsonObject { ["protected_branches"] = false, ["custom_branch_policies"] = custom },
    };
}
