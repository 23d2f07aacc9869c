using System.Net;
using Octokit;

namespace Reconciler.Core.Hosts.GitHub.Settings;

/// <summary>
/// Why a settings read or write was refused, naming what is missing. GitHub answers 404 both for "absent" and for
/// "you may not see this" (branch protection without admin), so callers decide "absent" only from the exact
/// messages that mean it, and everything else lands here.
/// </summary>
public static class SettingsAccess
{
    /// <summary>A reason such as "the token lacks admin on acme/x (GET …/protection answered 404 Not Found); an App needs the administration permission".</summary>
    public static string Reason(ApiException ex, string repository, string request, string appPermission, bool needsAdmin = true)
    {
        var answer = $"{request} answered {(int)ex.StatusCode} {ex.Message}".TrimEnd();
        var need = needsAdmin ? $"admin on {repository}" : $"access to {repository}";
        return ex switch
        {
            ForbiddenException when ex.Message.Contains("integration", StringComparison.OrdinalIgnoreCase) =>
                $"the GitHub App lacks the {appPermission} permission on {repository} ({answer})",
            ForbiddenException or NotFoundException =>
                $"the token lacks {need} ({answer}); an App needs the {appPermission} permission",
            _ when ex.StatusCode == HttpStatusCode.Conflict =>
                $"an organization or enterprise policy prevents this change ({answer})",
            _ => answer,
        };
    }

    /// <summary>Failures that are about the whole run, not one part: bad credentials, a spent rate limit.</summary>
    public static bool IsFatal(Exception ex) =>
        ex is AuthorizationException or RateLimitExceededException or SecondaryRateLimitExceededException or AbuseException;
}
