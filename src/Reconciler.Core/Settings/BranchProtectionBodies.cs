using System.Text.Json.Nodes;

namespace Reconciler.Core.Settings;

/// <summary>Branch protection as the body of GitHub's <c>PUT /repos/{o}/{r}/branches/{b}/protection</c> (all four required keys present).</summary>
public static class BranchProtectionBodies
{
    public static JsonObject Of(BranchProtectionState p) => new()
    {
        ["required_status_checks"] = p.StatusChecks is null
            ? null
            : new JsonObject { ["strict"] = p.StatusChecks.Strict, ["contexts"] = new JsonArray(p.StatusChecks.Contexts.Select(c => (JsonNode)c!).ToArray()) },
        ["enforce_admins"] = p.EnforceAdmins,
        ["required_pull_request_reviews"] = p.RequiredApprovingReviewCount is null
            ? null
            : new JsonObject
            {
                ["dismiss_stale_reviews"] = p.DismissStaleReviews,
                ["require_code_owner_reviews"] = p.RequireCodeOwnerReviews,
                ["required_approving_review_count"] = p.RequiredApprovingReviewCount,
                ["require_last_push_approval"] = p.RequireLastPushApproval,
            },
        ["restrictions"] = p.Restrictions is null
            ? null
            : new JsonObject
            {
                ["users"] = new JsonArray(p.Restrictions.Users.Select(u => (JsonNode)u!).ToArray()),
                ["teams"] = new JsonArray(p.Restrictions.Teams.Select(t => (JsonNode)t!).ToArray()),
                ["apps"] = new JsonArray(p.Restrictions.Apps.Select(a => (JsonNode)a!).ToArray()),
            },
        ["required_linear_history"] = p.RequiredLinearHistory,
        ["allow_force_pushes"] = p.AllowForcePushes,
        ["allow_deletions"] = p.AllowDeletions,
        ["block_creations"] = p.BlockCreations,
        ["required_conversation_resolution"] = p.RequiredConversationResolution,
        ["lock_branch"] = p.LockBranch,
        ["allow_fork_syncing"] = p.AllowForkSyncing,
    };
}
