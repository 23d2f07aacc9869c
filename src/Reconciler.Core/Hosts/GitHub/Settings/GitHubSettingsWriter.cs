using System.Net;
using System.Text.Json.Nodes;
using Octokit;
using Reconciler.Core.Planning;

namespace Reconciler.Core.Hosts.GitHub.Settings;

/// <summary>
/// Applies a repository plan's setting changes, before its pull request is opened, in the order that never leaves
/// a publishing path open: environments (with custom branch policies) first, then their deployment-branch policies,
/// then branch protection, then the Actions token defaults. Each change's <c>desired</c> is the body GitHub takes, so the
/// plan given must be one the planner just made from the policy and the settings as they are (a saved plan is planned
/// again first: <see cref="SavedPlanCheck"/>); nothing is re-read except what a body needs (reviewer ids, the Actions
/// permissions a SHA-pinning PUT must repeat). Every name is escaped as one path segment and every request goes to
/// the repository given, so no target can reach another repository.
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

        if (changes.Select(c => (c.Change, Why: SettingsWeakening.Of(c.Change))).FirstOrDefault(c => c.Why is not null) is { Why: { } why } weaker)
        {
            throw new HostException($"{repository.FullName}: refused {weaker.Change.Action.ToString().ToLowerInvariant()} {weaker.Change.Target}: {why}; nothing applied");
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
        var attempt = new Attempt(connection, repo, change);
        try
        {
            await (Step(change) switch
            {
                0 => PutEnvironmentAsync(attempt),
                1 => CreateBranchPolicyAsync(attempt),
                2 => DeleteBranchPolicyAsync(attempt),
                3 => PutBranchProtectionAsync(attempt),
                4 => PutWorkflowPermissionsAsync(attempt),
                _ => RequireShaPinningAsync(attempt),
            });
        }
        catch (ApiException ex) when (!SettingsAccess.IsFatal(ex))
        {
            var what = $"{change.Action.ToString().ToLowerInvariant()} {change.Target}";
            throw new HostException($"{repo.FullName}: {what} failed: {SettingsAccess.Reason(ex, repo.FullName, attempt.Request, "administration (write)")}", ex);
        }
    }

    /// <summary>One change being applied, and the request in flight (named in the message when GitHub refuses it).</summary>
    private sealed record Attempt(GitHubConnection Connection, GitHubRepository Repo, SettingChange Change)
    {
        public string Request { get; set; } = "";

        public string RepoPath => ApiPath.Repository(Repo.FullName);

        public Uri Uri(string method, string path)
        {
            Request = $"{method} /{RepoPath}/{path}";
            return new Uri($"{RepoPath}/{path}", UriKind.Relative);
        }
    }

    private static async Task PutEnvironmentAsync(Attempt a)
    {
        var name = a.Change.Target[EnvironmentPrefix.Length..];
        var body = await EnvironmentBodyAsync(a.Connection, a.Repo, a.Change.Desired as JsonObject ?? []);
        await a.Connection.Api.Put<EnvironmentDto>(a.Uri("PUT", $"environments/{ApiPath.Segment(name)}"), body.ToJsonString());
    }

    private static async Task CreateBranchPolicyAsync(Attempt a)
    {
        var (name, _) = SplitBranchPolicy(a.Change.Target);
        var uri = a.Uri("POST", $"environments/{ApiPath.Segment(name)}/deployment-branch-policies");
        try
        {
            // A 303 means the pattern exists already; Octokit follows it to the existing policy, which is what we want.
            await a.Connection.Api.Post<BranchPolicyDto>(uri, Json(a.Change.Desired));
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.SeeOther)
        {
            // Already exists (when the redirect is not followed).
        }
    }

    private static async Task DeleteBranchPolicyAsync(Attempt a)
    {
        var (name, _) = SplitBranchPolicy(a.Change.Target);
        var id = a.Change.Current?["id"]?.GetValue<long>() ?? throw new HostException($"{a.Repo.FullName}: {a.Change.Target}: the plan has no id to delete");
        try
        {
            await a.Connection.Client.Connection.Delete(a.Uri("DELETE", $"environments/{ApiPath.Segment(name)}/deployment-branch-policies/{id}"));
        }
        catch (NotFoundException)
        {
            // Already gone: the outcome the plan asked for.
        }
    }

    private static async Task PutBranchProtectionAsync(Attempt a)
    {
        var path = $"branches/{ApiPath.Segments(a.Change.Target[BranchProtectionPrefix.Length..])}/protection";
        var body = (a.Change.Desired as JsonObject ?? []).DeepClone().AsObject();
        if (a.Change.Action == ChangeAction.Update)
        {
            KeepWhatThePlanDoesNotCarry(body, await a.Connection.Api.Get<BranchProtectionDto>(a.Uri("GET", path)));
        }

        await a.Connection.Api.Put<BranchProtectionDto>(a.Uri("PUT", path), body.ToJsonString());
    }

    private static Task PutWorkflowPermissionsAsync(Attempt a) =>
        a.Connection.Client.Connection.Put(a.Uri("PUT", "actions/permissions/workflow"), Json(a.Change.Desired));

    /// <summary>The Actions-permissions PUT must repeat <c>enabled</c> and <c>allowed_actions</c>: read them now, change only the pinning.</summary>
    private static async Task RequireShaPinningAsync(Attempt a)
    {
        var current = await a.Connection.Api.Get<ActionsPermissionsDto>(a.Uri("GET", "actions/permissions"));
        if (current.ShaPinningRequired == true)
        {
            return;
        }

        var body = new JsonObject { ["enabled"] = current.Enabled };
        if (current.AllowedActions is { } allowed)
        {
            body["allowed_actions"] = allowed;
        }

        body["sha_pinning_required"] = a.Change.Desired?["sha_pinning_required"]?.GetValue<bool>() ?? true;
        await a.Connection.Client.Connection.Put(a.Uri("PUT", "actions/permissions"), body.ToJsonString());
    }

    /// <summary>
    /// The protection PUT replaces everything, and the plan's body doesn't carry who may dismiss reviews, who may
    /// bypass them, which app must report a check, or signed-commit enforcement: copy them from the protection as it
    /// is now (a conditional GET, free after the plan read it), so raising a minimum never drops a restriction.
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

        // Contexts alone would let any app report a check that is bound to one: send the binding along,
        // as `checks`. GitHub answers 422 when `contexts` and `checks` are both non-empty (ossf/allstar#155,
        // google/go-github#2276) while its description still requires `contexts`: send it empty. An
        // unbound check gets app_id -1 (any app); leaving it out would bind it to the last app that reported.
        if (body["required_status_checks"] is JsonObject checks && !checks.ContainsKey("checks")
            && current.RequiredStatusChecks?.Checks is { } bound && bound.Any(c => c.AppId is not null))
        {
            var apps = bound.Where(c => c.AppId is not null).ToDictionary(c => c.Context, c => c.AppId, StringComparer.Ordinal);
            checks["checks"] = new JsonArray([.. (checks["contexts"] as JsonArray ?? []).Select(c =>
            {
                var context = c!.GetValue<string>();
                return (JsonNode)new JsonObject { ["context"] = context, ["app_id"] = apps.TryGetValue(context, out var app) ? app : -1 };
            })]);
            checks["contexts"] = new JsonArray();
        }

        if (current.RequiredSignatures?.Enabled == true)
        {
            body["required_signatures"] = true;
        }
    }

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
        var path = type == "Team" ? $"orgs/{ApiPath.Segment(repo.Owner)}/teams/{ApiPath.Segment(name)}" : $"users/{ApiPath.Segment(name)}";
        try
        {
            return (await connection.Api.Get<AccountDto>(ApiPath.Relative(path))).Id;
        }
        catch (NotFoundException ex)
        {
            throw new HostException($"{repo.FullName}: required reviewer {(type == "Team" ? "team:" : "user:")}{name} was not found (GET /{path} answered 404); check the policy's requiredReviewers", ex);
        }
    }
}
