using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// Conditional requests: every successful GET is cached with its ETag; the next identical GET sends
/// <c>If-None-Match</c> and a 304 (free of primary rate limit) is answered from the cache. Git objects addressed
/// by SHA (blobs, trees, commits, tags) never change, so a cached one is answered without any request.
/// </summary>
public sealed partial class ConditionalRequestHandler(ResponseCache cache, string scope) : DelegatingHandler
{
    private static readonly string[] KeptHeaders = ["ETag", "Link"];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get || request.Headers.IfNoneMatch.Count > 0 || request.RequestUri is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var key = scope + " " + string.Join(",", request.Headers.Accept.Select(a => a.ToString())) + " " + request.RequestUri.AbsoluteUri;
        var cached = cache.Get(key);
        if (cached is not null && Immutable().IsMatch(request.RequestUri.AbsolutePath))
        {
            return Replay(request, cached, null);
        }

        if (cached?.ETag is { } etag)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotModified && cached is not null)
        {
            var replay = Replay(request, cached, response);
            response.Dispose();
            return replay;
        }

        if (response.StatusCode == HttpStatusCode.OK && response.Content is not null)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var headers = KeptHeaders
                .Where(h => response.Headers.Contains(h))
                .ToDictionary(h => h, h => response.Headers.GetValues(h).ToArray(), StringComparer.OrdinalIgnoreCase);
            cache.Set(key, new CachedResponse(response.Headers.ETag?.ToString(), response.Content.Headers.ContentType?.ToString(), headers, body));
        }

        return response;
    }

    /// <summary>The cached answer as a 200, with the fresh response's rate-limit headers when there was one.</summary>
    private static HttpResponseMessage Replay(HttpRequestMessage request, CachedResponse cached, HttpResponseMessage? fresh)
    {
        var content = new ByteArrayContent(cached.Body);
        if (cached.ContentType is not null && MediaTypeHeaderValue.TryParse(cached.ContentType, out var type))
        {
            content.Headers.ContentType = type;
        }

        var replay = new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        foreach (var (name, values) in cached.Headers)
        {
            replay.Headers.TryAddWithoutValidation(name, values);
        }

        if (fresh is not null)
        {
            foreach (var header in fresh.Headers.Where(h => h.Key.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase)))
            {
                replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return replay;
    }

    [GeneratedRegex("/git/(blobs|trees|commits|tags)/[0-9a-f]{40}$")]
    private static partial Regex Immutable();
}
