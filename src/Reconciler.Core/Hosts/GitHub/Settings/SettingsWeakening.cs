using System.Text.Json.Nodes;
using Reconciler.Core.Planning;

namespace Reconciler.Core.Hosts.GitHub.Settings;

/// <summary>
/// The last check before a setting is written: a change whose desired value is weaker than its current one (a
/// protection turned off, a review count lowered, a reviewer or a deployment-branch rule dropped, the default token
/// made writable) is refused, whoever made the plan. The planner only ever raises settings; this keeps a bug, or a
/// plan from anywhere else, from lowering one.
/// </summary>
public static class SettingsWeakening
{
    /// <summary>Why <paramref name="change"/> would weaken a setting, or null.</summary>
    public static string? Of(SettingChange change)
    {
        if (change.Action == ChangeAction.Delete)
        {
            // Only deployment-branch rules are ever deleted: fewer patterns let fewer branches deploy.
            return null;
        }

        var desired = change.Desired as JsonObject;
        var current = change.Current as JsonObject;
        return change.Target switch
        {
            "actions:workflow-permissions" => Text(desired, "default_workflow_permissions") == "write" && Text(current, "default_workflow_permissions") != "write" ? "it gives workflows a read-write default token"
                : Flag(desired, "can_approve_pull_request_reviews") == true && Flag(current, "can_approve_pull_request_reviews") != true ? "it lets workflows approve pull requests"
                : null,
            "actions:sha-pinning" => Flag(desired, "sha_pinning_required") == false ? "it stops requiring SHA pins" : null,
            var t when t.StartsWith("branch-protection:", StringComparison.Ordinal) => Protection(current, desired),
            var t when t.StartsWith("environment:", StringComparison.Ordinal) && !t.Contains("/deployment-branch-policy:", StringComparison.Ordinal) => Environment(current, desired),
            _ => null,
        };
    }

    private static string? Protection(JsonObject? current, JsonObject? desired)
    {
        if (desired is null)
        {
            return "it has no protection to set";
        }

        if (current is null)
        {
            return null; // no protection yet: any is stronger
        }

        if (Flag(desired, "allow_force_pushes") == true && Flag(current, "allow_force_pushes") != true)
        {
            return "it allows force pushes";
        }

        if (Flag(desired, "allow_deletions") == true && Flag(current, "allow_deletions") != true)
        {
            return "it allows deleting the branch";
        }

        foreach (var key in new[] { "enforce_admins", "required_linear_history", "required_conversation_resolution", "block_creations", "lock_branch" })
        {
            if (Flag(current, key) == true && Flag(desired, key) != true)
            {
                return $"it turns {key} off";
            }
        }

        return Section(current, desired, "required_pull_request_reviews", "required_approving_review_count", ["dismiss_stale_reviews", "require_code_owner_reviews", "require_last_push_approval"])
            ?? Section(current, desired, "required_status_checks", null, ["strict"])
            ?? Dropped(current["required_status_checks"]?["contexts"], desired["required_status_checks"]?["contexts"], "required status check")
            ?? (current["restrictions"] is JsonObject && desired["restrictions"] is not JsonObject ? "it drops the push restrictions" : null);
    }

    private static string? Environment(JsonObject? current, JsonObject? desired)
    {
        if (desired is null)
        {
            return "it has no environment to set";
        }

        if (current is null)
        {
            return null; // a new environment: any rule is stronger than none
        }

        if (current["deployment_branch_policy"] is JsonObject && desired["deployment_branch_policy"] is not JsonObject)
        {
            return "it lets every branch deploy";
        }

        if (Number(desired, "wait_timer") < Number(current, "wait_timer"))
        {
            return "it shortens the wait timer";
        }

        if (Flag(current, "prevent_self_review") == true && Flag(desired, "prevent_self_review") != true)
        {
            return "it allows self-review";
        }

        static IEnumerable<string> Reviewers(JsonNode? list) => (list as JsonArray ?? []).OfType<JsonObject>()
            .Select(r => $"{Text(r, "type")}:{Text(r, "login")?.ToLowerInvariant()}");
        return Reviewers(current["reviewers"]).Except(Reviewers(desired["reviewers"])).FirstOrDefault() is { } gone ? $"it drops the required reviewer {gone}" : null;
    }

    /// <summary>A section that is on now must stay on, its count not lower, its flags not turned off.</summary>
    private static string? Section(JsonObject current, JsonObject desired, string name, string? count, string[] flags)
    {
        if (current[name] is not JsonObject now)
        {
            return null;
        }

        if (desired[name] is not JsonObject then)
        {
            return $"it turns {name} off";
        }

        if (count is not null && Number(then, count) < Number(now, count))
        {
            return $"it lowers {count}";
        }

        return flags.FirstOrDefault(f => Flag(now, f) == true && Flag(then, f) != true) is { } off ? $"it turns {name}.{off} off" : null;
    }

    private static string? Dropped(JsonNode? current, JsonNode? desired, string what)
    {
        static IEnumerable<string> Items(JsonNode? list) => (list as JsonArray ?? []).Select(n => n?.ToJsonString() ?? "null");
        return Items(current).Except(Items(desired)).FirstOrDefault() is { } gone ? $"it drops the {what} {gone}" : null;
    }

    private static bool? Flag(JsonObject? o, string key) => o?[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static long Number(JsonObject? o, string key) => o?[key] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    private static string? Text(JsonObject? o, string key) => o?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
