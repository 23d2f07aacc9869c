namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// Credentials go only to the API's own origin (scheme, host and port). Octokit follows redirects itself and keeps
/// the Authorization header whenever the host name is the same, so a redirect to another port or from https to http
/// would carry the token there; this handler, under Octokit's redirects, drops the header from any such request.
/// </summary>
public sealed class SameOriginCredentialsHandler(Uri apiUrl) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not { } uri || !SameOrigin(uri, apiUrl))
        {
            request.Headers.Authorization = null;
        }

        return base.SendAsync(request, cancellationToken);
    }

    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
