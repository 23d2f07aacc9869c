namespace Reconciler.GitHubDouble.Tests.OpenApi;

/// <summary>A documented deviation from the spec that the double deliberately emulates.</summary>
public sealed record StatusException(string Method, string Template, int Status, string Reason, string? Message = null);

/// <summary>Every place where the double knowingly answers something the OpenAPI description does not list.</summary>
public static class ContractRules
{
    /// <summary>Routes served although the spec lacks them.</summary>
    public static readonly IReadOnlyDictionary<string, string> ExtraRoutes = new Dictionary<string, string>
    {
        ["GET /repos/{owner}/{repo}/git/refs/{ref}"] =
            "[octokit] Git.Reference.Get calls the legacy plural path; the spec only has GET git/ref/{ref} (singular). " +
            "Bodies are validated against git-ref (or git-ref[] for a prefix match).",
    };

    /// <summary>Statuses any operation may answer (transport-level behaviour from the docs, not per-operation).</summary>
    public static string? GenericReason(int status, string? body, IReadOnlyDictionary<string, string> headers) => status switch
    {
        304 => "[docs] any GET answers 304 to a matching If-None-Match",
        401 => "[docs] bad or expired credentials",
        403 when headers.TryGetValue("x-ratelimit-remaining", out var rem) && rem == "0" => "[docs] primary rate limit exhausted",
        403 or 429 when body?.Contains("rate limit", StringComparison.Ordinal) == true => "[docs] primary/secondary rate limit",
        _ => null,
    };

    /// <summary>[obs] statuses per operation, each with the reason; Message narrows it to one error text when set.</summary>
    public static readonly IReadOnlyList<StatusException> Observed =
    [
        new("GET", "/orgs/{org}/repos", 404, "[obs] unknown or invisible org answers 404 Not Found"),
        new("GET", "/orgs/{org}/installation", 404, "[obs] the App is not installed on the org"),
        new("GET", "/repos/{owner}/{repo}/environments/{environment_name}", 404, "[obs] the environment does not exist"),
        new("DELETE", "/repos/{owner}/{repo}/environments/{environment_name}", 404, "[obs] the environment does not exist"),
        new("GET", "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies", 404, "[obs] the environment does not exist"),
        new("GET", "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}", 404, "[obs] unknown policy or environment"),
        new("PUT", "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}", 404, "[obs] unknown policy or environment"),
        new("DELETE", "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}", 404, "[obs] unknown policy or environment"),
        new("PUT", "/repos/{owner}/{repo}/environments/{environment_name}", 403, "[obs] a token without admin rights", "Must have admin rights to Repository."),
        new("POST", "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies", 403, "[obs] a token without admin rights", "Must have admin rights to Repository."),
        new("GET", "/repos/{owner}/{repo}/actions/permissions", 403, "[obs] a token without admin rights", "Must have admin rights to Repository."),
        new("PUT", "/repos/{owner}/{repo}/actions/permissions", 403, "[obs] a token without admin rights", "Must have admin rights to Repository."),
        new("GET", "/repos/{owner}/{repo}/actions/permissions/workflow", 403, "[obs] a token without admin rights", "Must have admin rights to Repository."),
        new("PUT", "/repos/{owner}/{repo}/actions/permissions/workflow", 403, "[obs] a token without admin rights", "Must have admin rights to Repository."),
        new("PUT", "/repos/{owner}/{repo}/actions/permissions", 422, "[obs] body without the required \"enabled\""),
        new("DELETE", "/repos/{owner}/{repo}/branches/{branch}/protection", 404, "[obs, less certain] deleting protection that does not exist", "Branch not protected"),
        new("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}", 404, "[obs] unknown pull request number"),
        new("GET", "/repos/{owner}/{repo}/actions/permissions", 404, "[obs] repository invisible to the token"),
        new("GET", "/repos/{owner}/{repo}/rules/branches/{branch}", 404, "[obs] repository invisible to the token"),
        new("POST", "/repos/{owner}/{repo}/git/refs", 404, "[obs] repository invisible to the token"),
    ];

    public static string? ObservedReason(string method, string template, int status, string? message) =>
        Observed.FirstOrDefault(e => e.Method == method && e.Template == template && e.Status == status && (e.Message is null || e.Message == message))?.Reason;

    /// <summary>Request bodies the double accepts although the spec's requestBody schema rejects them.</summary>
    public static string? RequestBodyException(string method, string template, string body) => (method, template) switch
    {
        ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels") when body.TrimStart().StartsWith('[') =>
            "[octokit] Issue.Labels.AddToIssue sends a bare JSON array; the spec's description accepts it, its oneOf does not",
        ("PUT", "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}") => null,
        _ => null,
    };
}
