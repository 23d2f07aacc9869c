using System.Net;
using System.Text.Json.Nodes;
using Octokit;
using Reconciler.Core.Planning;

namespace Reconciler.Core.Hosts.GitHub.Settings;

/// <summary>
/// Applies a repository plan's setting changes, before its pull request is opened, in the order that never leaves
/// a publishing path open: environments (with custom branch policies) first, then their deployment-branch policies,
/// then branch protection, then the Actions token defaults. Each change's <c>desired</c> is the body GitHub takes;
/// nothing is re-read except what a body needs (reviewer ids, the Actions permissions a SHA-pinning PUT must repeat).
/// A refused write stops this repository with a message naming what is missing; the sweep goes on.
/// </summary>
public sealed class GitHubSettingsWriter : IGitHubSettingsWriter
{
    private const string EnvironmentPrefix = "environment:";
    private const string BranchPolicyMarker = "/deployment-branch-policy:";
    private const string BranchProtectionPrefix = "branch-protection:";
    private const string WorkflowPermissions = "actions:workflow-permissions";
    private const string ShaPinning = "actions:sha-pinning";

    public async Task<string?> ApplyAsync(GitHubConnection connection, GitHubRepository repository, RepositoryPlan plan, CancellationToken cancellationToken)
    {
        var changes = plan.Changes.OfType<SettingChange>().Select(c => (Change: c, Step: Step(c))).ToList();
        if (changes.FirstOrDefault(c => c.Step < 0) is { Change: { } unknown })
        {
            // Refuse the whole repository before writing anything: a plan from a newer version, or edited by hand.
            throw new HostException($"{repository.FullName}: unknown setting target '{unknown.Target}' ({unknown.Action}); nothing applied");
        }

        var applied = new List<string>();
        foreach (var (change, _) in changes.OrderBy(c => c.Step))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await ApplyOneAsync(connection, repository, change);
            applied.Add($"{change.Action.ToString().ToLowerInvariant()} {change.Target}");
        }

        return applied.Count == 0 ? null : $"settings: {string.Join(", ", applied)}";
    }

    /// <summary>The order a change is applied in, or -1 for a target this writer doesn't know.</summary>
    public static int Step(SettingChange change) => change.Target switch
    {
        var t when t.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) && t.Contains(BranchPolicyMarker, StringComparison.Ordinal) =>
            change.Action == ChangeAction.Delete ? 2 : 1,
        var t when t.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) && change.Action != ChangeAction.Delete => 0,
        var t when t.StartsWith(BranchProtectionPrefix, StringComparison.Ordinal) && change.Action != ChangeAction.Delete => 3,
        WorkflowPermissions => 4,
        ShaPinning => 5,
        _ => -1,
    };

    private static async Task ApplyOneAsync(GitHubConnection connection, GitHubRepository repo, SettingChange change)
    {
        var target = change.Target;
        var request = "";
        try
        {
            switch (Step(change))
            {
                case 0:
                {
                    var name = target[EnvironmentPrefix.Length..];
                    var body = await EnvironmentBodyAsync(connection, repo, change.Desired as JsonObject ?? []);
                    request = $"PUT /repos/{repo.FullName}/environments/{name}";
                    await connection.Api.Put<EnvironmentDto>(EnvironmentUri(repo, name), body.ToJsonString());
                    break;
                }

                case 1:
                {
                    var (name, _) = SplitBranchPolicy(target);
                    request = $"POST /repos/{repo.FullName}/environments/{name}/deployment-branch-policies";
                    await CreateBranchPolicyAsync(connection, repo, name, change.Desired as JsonObject ?? []);
                    break;
                }

                case 2:
                {
                    var (name, _) = SplitBranchPolicy(target);
                    var id = change.Current?["id"]?.GetValue<long>() ?? throw new HostException($"{repo.FullName}: {target}: the plan has no id to delete");
                    request = $"DELETE /repos/{repo.FullName}/environments/{name}/deployment-branch-policies/{id}";
                    await DeleteBranchPolicyAsync(connection, repo, name, id);
                    break;
                }

                case 3:
                {
                    var branch = target[BranchProtectionPrefix.Length..];
                    var uri = new Uri($"repos/{repo.FullName}/branches/{branch}/protection", UriKind.Relative);
                    var body = (change.Desired as JsonObject ?? []).DeepClone().AsObject();
                    if (change.Action == ChangeAction.Update)
                    {
                        request = $"GET /repos/{repo.FullName}/branches/{branch}/protection";
                        KeepWhatThePlanDoesNotCarry(body, await connection.Api.Get<BranchProtectionDto>(uri));
                    }

                    request = $"PUT /repos/{repo.FullName}/branches/{branch}/protection";
                    await connection.Api.Put<BranchProtectionDto>(uri, body.ToJsonString());
                    break;
                }

                case 4:
                    request = $"PUT /repos/{repo.FullName}/actions/permissions/workflow";
                    await connection.Client.Connection.Put(new Uri($"repos/{repo.FullName}/actions/permissions/workflow", UriKind.Relative), Json(change.Desired));
                    break;

                case 5:
                    request = $"GET /repos/{repo.FullName}/actions/permissions";
                    await RequireShaPinningAsync(connection, repo, change, r => request = r);
                    break;
            }
        }
        catch (ApiException ex) when (!SettingsAccess.IsFatal(ex))
        {
            throw new HostException($"{repo.FullName}: {change.Action.ToString().ToLowerInvariant()} {target} failed: {SettingsAccess.Reason(ex, repo.FullName, request, "administration (write)")}", ex);
        }
    }

    /// <summary>
    /// The protection PUT replaces everything, and the plan's body doesn't carry who may dismiss reviews, who may
    /// bypass them, or signed-commit enforcement: copy them from the protection as it is now (a conditional GET,
    /// free after the plan read it), so raising a minimum never drops a restriction.
    /// </summary>
    private static void KeepWhatThePlanDoesNotCarry(JsonObject body, BranchProtectionDto current)
    {
        static JsonObject Actors(RestrictionsDto r) => new()
        {
            ["users"] = new JsonArray([.. (r.Users ?? []).Select(u => (JsonNode)(u.Login ?? ""))]),
            ["teams"] = new JsonArray([.. (r.Teams ?? []).Select(t => (JsonNode)(t.Slug ?? ""))]),
            ["apps"] = new JsonArray([.. (r.Apps ?? []).Select(a => (JsonNode)(a.Slug ?? ""))]),
        };

        if (body["required_pull_request_reviews"] is JsonObject reviews && current.RequiredPullRequestReviews is { } now)
        {
            if (now.DismissalRestrictions is { } dismissal && !reviews.ContainsKey("dismissal_restrictions"))
            {
                reviews["dismissal_restrictions"] = Actors(dismissal);
            }

            if (now.BypassPullRequestAllowances is { } bypass && !reviews.ContainsKey("bypass_pull_request_allowances"))
            {
                reviews["bypass_pull_request_allowances"] = Actors(bypass);
            }
        }

        if (current.RequiredSignatures?.Enabled == true)
        {
            body["required_signatures"] = true;
        }
    }

    private static Uri EnvironmentUri(GitHubRepository repo, string name) =>
        new($"repos/{repo.FullName}/environments/{Uri.EscapeDataString(name)}", UriKind.Relative);

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "{}";

    private static (string Environment, string Pattern) SplitBranchPolicy(string target)
    {
        var at = target.IndexOf(BranchPolicyMarker, StringComparison.Ordinal);
        return (target[EnvironmentPrefix.Length..at], target[(at + BranchPolicyMarker.Length)..]);
    }

    /// <summary>
    /// The PUT body: <c>desired</c> with each reviewer as <c>{type, id}</c> (GitHub takes ids only, and its body allows
    /// no other keys). The plan knows ids for reviewers that are already there; a new one is looked up by login/slug.
    /// </summary>
    private static async Task<JsonObject> EnvironmentBodyAsync(GitHubConnection connection, GitHubRepository repo, JsonObject desired)
    {
        var body = desired.DeepClone().AsObject();
        if (body["reviewers"] is not JsonArray reviewers)
        {
            return body;
        }

        var resolved = new JsonArray();
        foreach (var reviewer in reviewers.OfType<JsonObject>())
        {
            var type = reviewer["type"]?.GetValue<string>() ?? "User";
            var id = reviewer["id"]?.GetValue<long>() ?? await ReviewerIdAsync(connection, repo, type, reviewer["login"]?.GetValue<string>() ?? "");
            resolved.Add(new JsonObject { ["type"] = type, ["id"] = id });
        }

        body["reviewers"] = resolved;
        return body;
    }

    private static async Task<long> ReviewerIdAsync(GitHubConnection connection, GitHubRepository repo, string type, string name)
    {
        var path = type == "Team" ? $"orgs/{repo.Owner}/teams/{name}" : $"users/{name}";
        try
        {
            return (await connection.Api.Get<AccountDto>(new Uri(path, UriKind.Relative))).Id;
        }
        catch (NotFoundException ex)
        {
            throw new HostException($"{repo.FullName}: required reviewer {(type == "Team" ? "team:" : "user:")}{name} was not found (GET /{path} answered 404); check the policy's requiredReviewers", ex);
        }
    }

    private static async Task CreateBranchPolicyAsync(GitHubConnection connection, GitHubRepository repo, string environment, JsonObject desired)
    {
        var uri = new Uri($"repos/{repo.FullName}/environments/{Uri.EscapeDataString(environment)}/deployment-branch-policies", UriKind.Relative);
        try
        {
            // A 303 means the pattern exists already; Octokit follows it to the existing policy, which is what we want.
            await connection.Api.Post<BranchPolicyDto>(uri, desired.ToJsonString());
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.SeeOther)
        {
            // Already exists (when the redirect is not followed).
        }
    }

    private static async Task DeleteBranchPolicyAsync(GitHubConnection connection, GitHubRepository repo, string environment, long id)
    {
        try
        {
            await connection.Client.Connection.Delete(new Uri($"repos/{repo.FullName}/environments/{Uri.EscapeDataString(environment)}/deployment-branch-policies/{id}", UriKind.Relative));
        }
        catch (NotFoundException)
        {
            // Already gone: the outcome the plan asked for.
        }
    }

    /// <summary>The Actions-permissions PUT must repeat <c>enabled</c> and <c>allowed_actions</c>: read them now, change only the pinning.</summary>
    private static async Task RequireShaPinningAsync(GitHubConnection connection, GitHubRepository repo, SettingChange change, Action<string> onRequest)
    {
        var uri = new Uri($"repos/{repo.FullName}/actions/permissions", UriKind.Relative);
        var current = await connection.Api.Get<ActionsPermissionsDto>(uri);
        if (current.ShaPinningRequired == true)
        {
            return;
        }

        var body = new JsonObject { ["enabled"] = current.Enabled };
        if (current.AllowedActions is { } allowed)
        {
            body["allowed_actions"] = allowed;
        }

        body["sha_pinning_required"] = change.Desired?["sha_pinning_required"]?.GetValue<bool>() ?? true;
        onRequest($"PUT /repos/{repo.FullName}/actions/permissions");
        await connection.Client.Connection.Put(uri, body.ToJsonString());
    }
}
