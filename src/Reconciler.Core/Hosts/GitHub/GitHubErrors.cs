using System.Net;
using Octokit;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>Turns Octokit's exceptions into one-line messages for people, with credentials redacted.</summary>
public static class GitHubErrors
{
    public static string Describe(Exception ex, string what)
    {
        var text = ex switch
        {
            AuthorizationException => $"{what}: GitHub rejected the credentials (401 {ex.Message}); check GITHUB_TOKEN / the App's key",
            RateLimitExceededException r => $"{what}: the API rate limit is spent until {r.Reset:u}",
            SecondaryRateLimitExceededException => $"{what}: GitHub's secondary rate limit persisted after retries",
            ForbiddenException when ex.Message.Contains("workflow", StringComparison.OrdinalIgnoreCase) =>
                $"{what}: forbidden (403 {ex.Message}); changing .github/workflows needs the App's Workflows: write permission (a classic token's workflow scope)",
            ForbiddenException => $"{what}: forbidden (403 {ex.Message}); the token or App lacks a permission",
            NotFoundException => $"{what}: not found (404), or the token can't see it",
            ApiValidationException v => $"{what}: rejected (422 {Validation(v)})",
            ApiException a => $"{what}: GitHub answered {(int)a.StatusCode} {StatusText(a.StatusCode)}{(string.IsNullOrEmpty(a.Message) ? "" : ": " + a.Message)}",
            UnsafeWriteException => ex.Message,
            HttpRequestException => $"{what}: {ex.Message}",
            TaskCanceledException => $"{what}: timed out",
            HostException => ex.Message,
            _ => $"{what}: {ex.GetType().Name}: {ex.Message}",
        };
        return Secrets.Redact(text);
    }

    public static string Validation(ApiValidationException v)
    {
        var details = v.ApiError?.Errors?.Select(e => e.Message ?? $"{e.Resource}.{e.Field} {e.Code}").Where(m => !string.IsNullOrEmpty(m)).ToList();
        return details is { Count: > 0 } ? $"{v.Message}: {string.Join("; ", details)}" : v.Message;
    }

    /// <summary>The text of a 422 (message and every error message), for matching GitHub's wording.</summary>
    public static string AllText(ApiException ex) =>
        ex.Message + " " + string.Join(" ", ex.ApiError?.Errors?.Select(e => e.Message ?? "") ?? []);

    private static string StatusText(HttpStatusCode code) => code switch
    {
        HttpStatusCode.Conflict => "Conflict",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        HttpStatusCode.BadGateway => "Bad Gateway",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        HttpStatusCode.TooManyRequests => "Too Many Requests",
        _ => "",
    };
}
