using Octokit;
using Octokit.Internal;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// Octokit's HTTP client with GitHub's pacing around each request (<see cref="RateLimitHandler"/>). Octokit times a
/// whole request out after 100 s, and a rate-limit or budget wait inside that would end the run; here each attempt
/// has its own timeout and the waits between attempts happen outside it, ended only by the caller's cancellation.
/// </summary>
public sealed class PacedHttpClient : HttpClientAdapter, IHttpClient
{
    private readonly RateLimitHandler _pacer;

    public PacedHttpClient(Func<HttpMessageHandler> handlers, RateLimitHandler pacer)
        : base(handlers)
    {
        _pacer = pacer;
        // The pacer times each attempt; a client-wide timeout would also cover the waits.
        SetRequestTimeout(Timeout.InfiniteTimeSpan);
    }

    public new async Task<IResponse> Send(IRequest request, CancellationToken cancellationToken, Func<object, object>? preprocessResponseBody = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sent = new List<HttpRequestMessage>();
        try
        {
            var response = await _pacer.SendAsync(request.Method, new Uri(request.BaseAddress, request.Endpoint), attempt =>
            {
                var message = BuildRequestMessage(request);
                sent.Add(message);
                return SendAsync(message, attempt);
            }, cancellationToken);
            return await BuildResponse(response, preprocessResponseBody);
        }
        finally
        {
            foreach (var message in sent)
            {
                message.Dispose();
            }
        }
    }
}
