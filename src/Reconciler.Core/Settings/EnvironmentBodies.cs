using System.Text.Json.Nodes;

namespace Reconciler.Core.Settings;

/// <summary>
/// Environments as the bodies of GitHub's <c>PUT /repos/{o}/{r}/environments/{name}</c>, so a plan's
/// <c>current</c> and <c>desired</c> read like the API and apply can send <c>desired</c> as it is.
/// </summary>
public static class EnvironmentBodies
{
    public static JsonObject Of(EnvironmentState env) => Body(
        env.DeploymentBranchPolicy,
        env.WaitTimer,
        env.PreventSelfReview,
        env.Reviewers.Select(r => (r.Kind, (long?)r.Id, r.Login)));

    public static JsonObject Body(DeploymentBranchPolicyState? policy, int waitTimer, bool preventSelfReview, IEnumerable<(string Kind, long? Id, string Login)> reviewers)
    {
        var list = new JsonArray();
        foreach (var (kind, id, login) in reviewers)
        {
            var reviewer = new JsonObject { ["type"] = kind, ["login"] = login };
            if (id is not null)
            {
                reviewer["id"] = id;
            }

            list.Add(reviewer);
        }

        return new JsonObject
        {
            ["wait_timer"] = waitTimer,
            ["prevent_self_review"] = preventSelfReview,
            ["reviewers"] = list,
            ["deployment_branch_policy"] = policy is null
                ? null
                : new JsonObject { ["protected_branches"] = policy.ProtectedBranches, ["custom_branch_policies"] = policy.CustomBranchPolicies },
        };
    }

    public static JsonObject BranchPolicy(string name, string type = "branch") => new() { ["name"] = name, ["type"] = type };
}
