using System.Text.Json.Nodes;
using Octokit;
using Reconciler.Core.Rules;
using Reconciler.Core.Settings;
using Parts = Reconciler.Core.Settings.RepositorySettings.Parts;

namespace Reconciler.Core.Hosts.GitHub.Settings;

/// <summary>
/// Reads the settings a repository's plan needs (<see cref="SettingsNeeds"/>): the environments its jobs name and
/// their deployment-branch policies, the rules and classic protection of the default branch, and the Actions
/// token defaults. All raw calls (Octokit has no models for them). "Absent" is told from "can't see": a part the
/// token may not read is null with the reason in <see cref="RepositorySettings.Unreadable"/>, never empty.
/// </summary>
public sealed class GitHubSettingsReader(Policy.Policy policy) : IGitHubSettingsReader
{
    /// <summary>GitHub's 404 message for a branch that exists and has no classic protection.</summary>
    public const string BranchNotProtected = "Branch not protected";

    private static readonly ApiOptions AllPages = new() { PageSize = 100 };

    public async Task<RepositorySettings?> ReadAsync(GitHubConnection connection, GitHubRepository repository, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var needs = SettingsNeeds.Of(policy, repository.FullName, repository.Topics, files);
        var unreadable = new Dictionary<string, string>(StringComparer.Ordinal);
        var environments = ReadEnvironmentsAsync(connection, repository, needs.Environments);
        var protection = ReadProtectionAsync(connection, repository, needs.BranchProtection);
        var actions = ReadActionsAsync(connection, repository, needs.Actions);
        try
        {
            await Task.WhenAll(environments, protection, actions);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // What the parts don't absorb (bad credentials, a spent rate limit, a network that stays down) fails
            // this repository, as a failed tree read would, and the sweep goes on.
            throw new HostException(GitHubErrors.Describe(ex, $"{repository.FullName}: reading settings"), ex);
        }

        void Note(string part, string? reason)
        {
            if (reason is not null)
            {
                unreadable[part] = reason;
            }
        }

        Note(Parts.Environments, environments.Result.Reason);
        if (needs.Environments.Count == 0 && environments.Result.Value is null)
        {
            // Consulted only if the rule ever wants an environment we didn't expect: say so, not "unknown".
            Note(Parts.Environments, "not read: the repository had no workflow when it was read");
        }

        Note(Parts.BranchRules, protection.Result.RulesReason);
        Note(Parts.BranchProtection, protection.Result.ClassicReason);
        Note(Parts.Actions, actions.Result.Reason);
        return new RepositorySettings
        {
            Environments = environments.Result.Value,
            BranchRules = protection.Result.Rules,
            BranchProtection = protection.Result.Classic,
            Actions = actions.Result.Value,
            Unreadable = unreadable,
        };
    }

    private static async Task<(IReadOnlyDictionary<string, EnvironmentState>? Value, string? Reason)> ReadEnvironmentsAsync(GitHubConnection connection, GitHubRepository repo, IReadOnlySet<string> named)
    {
        if (named.Count == 0)
        {
            return (null, null);
        }

        var request = $"GET /repos/{repo.FullName}/environments";
        try
        {
            var pages = await connection.Api.GetAll<EnvironmentsPageDto>(ApiPath.Relative($"{ApiPath.Repository(repo.FullName)}/environments"), AllPages);
            // GitHub's environment names are case-insensitive: "PyPI" in a workflow is the "pypi" environment.
            var result = new Dictionary<string, EnvironmentState>(StringComparer.OrdinalIgnoreCase);
            foreach (var dto in pages.SelectMany(p => p.Environments ?? []))
            {
                // Branch policies are read only for the environments the rule may judge: the others never are.
                var custom = dto.DeploymentBranchPolicy?.CustomBranchPolicies == true && named.Contains(dto.Name, StringComparer.OrdinalIgnoreCase);
                request = $"GET /repos/{repo.FullName}/environments/{dto.Name}/deployment-branch-policies";
                var policies = custom ? await BranchPoliciesAsync(connection, repo, dto.Name) : [];
                result[dto.Name] = ToState(dto, policies);
            }

            return (result, null);
        }
        catch (ApiException ex) when (!SettingsAccess.IsFatal(ex))
        {
            return (null, SettingsAccess.Reason(ex, repo.FullName, request, "environments (read)", needsAdmin: false));
        }
    }

    private static async Task<IReadOnlyList<BranchPolicyPattern>> BranchPoliciesAsync(GitHubConnection connection, GitHubRepository repo, string environment)
    {
        var uri = ApiPath.Relative($"{ApiPath.Repository(repo.FullName)}/environments/{ApiPath.Segment(environment)}/deployment-branch-policies");
        var pages = await connection.Api.GetAll<BranchPoliciesPageDto>(uri, AllPages);
        return [.. pages.SelectMany(p => p.BranchPolicies ?? []).Select(p => new BranchPolicyPattern(p.Id, p.Name, p.Type ?? "branch"))];
    }

    private static EnvironmentState ToState(EnvironmentDto dto, IReadOnlyList<BranchPolicyPattern> policies)
    {
        var rules = dto.ProtectionRules ?? [];
        var reviewers = rules.FirstOrDefault(r => r.Type == "required_reviewers");
        return new EnvironmentState
        {
            Name = dto.Name,
            DeploymentBranchPolicy = dto.DeploymentBranchPolicy is { } p ? new DeploymentBranchPolicyState(p.ProtectedBranches, p.CustomBranchPolicies) : null,
            BranchPolicies = policies,
            WaitTimer = rules.FirstOrDefault(r => r.Type == "wait_timer")?.WaitTimer ?? 0,
            PreventSelfReview = reviewers?.PreventSelfReview ?? false,
            Reviewers = [.. (reviewers?.Reviewers ?? [])
                .Where(r => r.Reviewer is not null)
                .Select(r => new EnvironmentReviewer(r.Type, r.Reviewer!.Id, (r.Type == "Team" ? r.Reviewer.Slug : r.Reviewer.Login) ?? ""))],
        };
    }

    private static async Task<(IReadOnlyList<BranchRule>? Rules, string? RulesReason, BranchProtectionState? Classic, string? ClassicReason)> ReadProtectionAsync(GitHubConnection connection, GitHubRepository repo, Policy.BranchProtectionSettings? needs)
    {
        if (needs is null)
        {
            return (null, null, null, null);
        }

        var branch = repo.DefaultBranch;
        IReadOnlyList<BranchRule>? rules = null;
        string? rulesReason = null;
        var request = $"GET /repos/{repo.FullName}/rules/branches/{branch}";
        try
        {
            var dtos = await connection.Api.GetAll<BranchRuleDto>(ApiPath.Relative($"{ApiPath.Repository(repo.FullName)}/rules/branches/{ApiPath.Segments(branch)}"), AllPages);
            rules = [.. dtos.Select(d => new BranchRule(d.Type, Parameters(d.Parameters), d.RulesetSource))];
        }
        catch (ApiException ex) when (!SettingsAccess.IsFatal(ex))
        {
            rulesReason = SettingsAccess.Reason(ex, repo.FullName, request, "administration (read)", needsAdmin: false);
        }

        // Rulesets are readable with read access and classic protection needs admin: when the rulesets already
        // enforce every minimum, classic protection can't change the verdict, so it is not read (one request saved,
        // and a token without admin still gets an answer).
        if (rules is not null && BranchProtectionRule.Gaps(needs, null, rules).Count == 0)
        {
            return (rules, null, null, null);
        }

        request = $"GET /repos/{repo.FullName}/branches/{branch}/protection";
        try
        {
            var dto = await connection.Api.Get<BranchProtectionDto>(ApiPath.Relative($"{ApiPath.Repository(repo.FullName)}/branches/{ApiPath.Segments(branch)}/protection"));
            return (rules, rulesReason, ToState(branch, dto), null);
        }
        catch (NotFoundException ex) when (ex.Message == BranchNotProtected)
        {
            return (rules, rulesReason, new BranchProtectionState { Branch = branch, Protected = false }, null);
        }
        catch (ApiException ex) when (!SettingsAccess.IsFatal(ex))
        {
            return (rules, rulesReason, null, SettingsAccess.Reason(ex, repo.FullName, request, "administration (read)"));
        }
    }

    private static JsonObject? Parameters(RuleParametersDto? p)
    {
        if (p is null)
        {
            return null;
        }

        var o = new JsonObject();
        void Set(string key, JsonNode? value)
        {
            if (value is not null)
            {
                o[key] = value;
            }
        }

        Set("required_approving_review_count", p.RequiredApprovingReviewCount);
        Set("dismiss_stale_reviews_on_push", p.DismissStaleReviewsOnPush);
        Set("require_code_owner_review", p.RequireCodeOwnerReview);
        Set("require_last_push_approval", p.RequireLastPushApproval);
        Set("required_review_thread_resolution", p.RequiredReviewThreadResolution);
        Set("strict_required_status_checks_policy", p.StrictRequiredStatusChecksPolicy);
        if (p.RequiredStatusChecks is { } checks)
        {
            o["required_status_checks"] = new JsonArray([.. checks.Select(c => (JsonNode)new JsonObject { ["context"] = c.Context, ["integration_id"] = c.IntegrationId })]);
        }

        return o;
    }

    private static BranchProtectionState ToState(string branch, BranchProtectionDto dto) => new()
    {
        Branch = branch,
        Protected = true,
        RequiredApprovingReviewCount = dto.RequiredPullRequestReviews is { } r ? r.RequiredApprovingReviewCount ?? 1 : null,
        DismissStaleReviews = dto.RequiredPullRequestReviews?.DismissStaleReviews ?? false,
        RequireCodeOwnerReviews = dto.RequiredPullRequestReviews?.RequireCodeOwnerReviews ?? false,
        RequireLastPushApproval = dto.RequiredPullRequestReviews?.RequireLastPushApproval ?? false,
        EnforceAdmins = dto.EnforceAdmins?.Enabled ?? false,
        AllowForcePushes = dto.AllowForcePushes?.Enabled ?? false,
        AllowDeletions = dto.AllowDeletions?.Enabled ?? false,
        RequiredLinearHistory = dto.RequiredLinearHistory?.Enabled ?? false,
        RequiredConversationResolution = dto.RequiredConversationResolution?.Enabled ?? false,
        BlockCreations = dto.BlockCreations?.Enabled ?? false,
        LockBranch = dto.LockBranch?.Enabled ?? false,
        AllowForkSyncing = dto.AllowForkSyncing?.Enabled ?? false,
        StatusChecks = dto.RequiredStatusChecks is { } s ? new RequiredStatusChecks(s.Strict, s.Contexts ?? []) : null,
        Restrictions = dto.Restrictions is { } x
            ? new PushRestrictions(
                [.. (x.Users ?? []).Select(u => u.Login ?? "")],
                [.. (x.Teams ?? []).Select(t => t.Slug ?? "")],
                [.. (x.Apps ?? []).Select(a => a.Slug ?? "")])
            : null,
    };

    private static async Task<(ActionsSettingsState? Value, string? Reason)> ReadActionsAsync(GitHubConnection connection, GitHubRepository repo, Policy.ActionsSettingsPolicy? needs)
    {
        if (needs is null)
        {
            return (null, null);
        }

        var request = $"GET /repos/{repo.FullName}/actions/permissions/workflow";
        try
        {
            var workflow = await connection.Api.Get<WorkflowPermissionsDto>(ApiPath.Relative($"{ApiPath.Repository(repo.FullName)}/actions/permissions/workflow"));
            bool? shaPinning = null;
            if (needs.ShaPinningRequired)
            {
                // Only read when the policy asks for it: one request per repository otherwise wasted.
                request = $"GET /repos/{repo.FullName}/actions/permissions";
                shaPinning = (await connection.Api.Get<ActionsPermissionsDto>(ApiPath.Relative($"{ApiPath.Repository(repo.FullName)}/actions/permissions"))).ShaPinningRequired;
            }

            return (new ActionsSettingsState
            {
                DefaultWorkflowPermissions = workflow.DefaultWorkflowPermissions,
                CanApprovePullRequestReviews = workflow.CanApprovePullRequestReviews,
                ShaPinningRequired = shaPinning,
            }, null);
        }
        catch (ApiException ex) when (!SettingsAccess.IsFatal(ex))
        {
            return (null, SettingsAccess.Reason(ex, repo.FullName, request, "administration (read)"));
        }
    }
}
