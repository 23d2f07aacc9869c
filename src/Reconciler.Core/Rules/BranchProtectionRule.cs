using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Settings;

namespace Reconciler.Core.Rules;

/// <summary>
/// The default branch is protected to the policy's minimums — by classic protection or by a ruleset
/// that already enforces them (we don't add classic protection on top of a ruleset that covers it).
/// </summary>
public sealed class BranchProtectionRule : IRepositoryRule
{
    public string Id => "branch-protection";

    public string Title => "The default branch is protected";

    public string Help =>
        "Publishing is pinned to the default branch, so whoever can push to it can publish. Required reviews, " +
        "no force pushes and no deletion make every release commit one that another person approved.";

    public Severity DefaultSeverity => Severity.Error;

    public void Check(RepositoryContext context)
    {
        var settings = context.Repository.Settings;
        var policy = context.Policy.Settings.BranchProtection;
        if (settings is null || !policy.Enabled)
        {
            return;
        }

        var branch = context.Repository.DefaultBranch;
        var rules = settings.BranchRules ?? [];
        var classic = settings.BranchProtection;
        var gaps = Gaps(policy, classic, rules);
        if (gaps.Count == 0)
        {
            return;
        }

        if (classic is null)
        {
            // Never treat "can't see" as "absent": without the current protection we can't write it safely.
            context.Fail($"branch protection of '{branch}' could not be read: {settings.Unreadable.GetValueOrDefault(RepositorySettings.Parts.BranchProtection, "unknown reason")}");
            return;
        }

        if (settings.BranchRules is null)
        {
            context.Report(null, null, $"rulesets for '{branch}' could not be read ({settings.Unreadable.GetValueOrDefault(RepositorySettings.Parts.BranchRules, "unknown reason")}); judging classic protection alone", severity: Severity.Note);
        }

        foreach (var gap in gaps)
        {
            context.Report(null, null, $"'{branch}': {gap}", fixedByChange: true);
        }

        var desired = classic with
        {
            Protected = true,
            RequiredApprovingReviewCount = Math.Max(classic.RequiredApprovingReviewCount ?? 0, policy.RequiredApprovingReviewCount),
            DismissStaleReviews = classic.DismissStaleReviews || policy.DismissStaleReviews,
            RequireCodeOwnerReviews = classic.RequireCodeOwnerReviews || policy.RequireCodeOwnerReviews,
            EnforceAdmins = classic.EnforceAdmins || policy.EnforceAdmins,
            AllowForcePushes = classic.AllowForcePushes && policy.AllowForcePushes,
            AllowDeletions = classic.AllowDeletions && policy.AllowDeletions,
        };
        context.ChangeSetting(
            $"branch-protection:{branch}",
            classic.Protected ? ChangeAction.Update : ChangeAction.Create,
            classic.Protected ? BranchProtectionBodies.Of(classic) : null,
            BranchProtectionBodies.Of(desired),
            string.Join("; ", gaps));
    }

    /// <summary>The policy's minimums that neither classic protection nor an active ruleset enforces.</summary>
    public static List<string> Gaps(BranchProtectionSettings policy, BranchProtectionState? classic, IReadOnlyList<BranchRule> rules)
    {
        var pr = rules.Where(r => r.Type == "pullRequest" || r.Type == "pull_request").Select(r => r.Parameters).ToList();
        int RulesetReviews() => pr.Select(p => (int?)p?["required_approving_review_count"]?.GetValue<int>() ?? 0).DefaultIfEmpty(-1).Max();
        bool RulesetFlag(string key) => pr.Any(p => p?[key]?.GetValue<bool>() == true);
        var isProtected = classic?.Protected == true;

        var gaps = new List<string>();
        var reviews = Math.Max(isProtected ? classic!.RequiredApprovingReviewCount ?? -1 : -1, RulesetReviews());
        if (policy.RequiredApprovingReviewCount > 0 || reviews < 0)
        {
            if (reviews < policy.RequiredApprovingReviewCount)
            {
                gaps.Add(reviews < 0
                    ? $"pull requests with {policy.RequiredApprovingReviewCount} approving review(s) are not required"
                    : $"{reviews} approving review(s) required, the policy wants at least {policy.RequiredApprovingReviewCount}");
            }
        }

        if (policy.DismissStaleReviews && !(isProtected && classic!.DismissStaleReviews) && !RulesetFlag("dismiss_stale_reviews_on_push"))
        {
            gaps.Add("stale approvals are not dismissed when new commits are pushed");
        }

        if (policy.RequireCodeOwnerReviews && !(isProtected && classic!.RequireCodeOwnerReviews) && !RulesetFlag("require_code_owner_review"))
        {
            gaps.Add("code-owner review is not required");
        }

        if (!policy.AllowForcePushes && !(isProtected && !classic!.AllowForcePushes) && !rules.Any(r => r.Type == "non_fast_forward"))
        {
            gaps.Add("force pushes are allowed");
        }

        if (!policy.AllowDeletions && !(isProtected && !classic!.AllowDeletions) && !rules.Any(r => r.Type == "deletion"))
        {
            gaps.Add("the branch can be deleted");
        }

        if (policy.EnforceAdmins && !(isProtected && classic!.EnforceAdmins))
        {
            gaps.Add("administrators can bypass the protection");
        }

        return gaps;
    }
}
