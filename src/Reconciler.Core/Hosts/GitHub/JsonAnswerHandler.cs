using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>An answer that is not what the API gives (e.g. a proxy's HTML page), naming the request and what came back.</summary>
public sealed class UnexpectedAnswerException(string message) : HttpRequestException(message);

/// <summary>
/// Every successful answer must be JSON: Octokit reads any other content type as "no body", so a proxy's or a wrong
/// <c>--api-url</c>'s <c>200 text/html</c> would list no repositories (a sweep that checked nothing, reported green)
/// or crash on a missing object. Such an answer is an error that names the URL and the content type.
/// </summary>
public sealed partial class JsonAnswerHandler : DelegatingHandler
{
    /// <summary>
    /// No answer Reconcile asks for comes near this (a blob is at most a few MiB, a recursive tree GitHub truncates at
    /// about 7 MB); an endless or huge body is refused rather than held in memory.
    /// </summary>
    public const int MaxAnswerBytes = 64 * 1024 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode || response.StatusCode is HttpStatusCode.NoContent || response.Content is null)
        {
            return response;
        }

        var what = $"{request.Method} {request.RequestUri?.GetLeftPart(UriPartial.Path)}";
        var body = await ReadAtMostAsync(response.Content, MaxAnswerBytes, cancellationToken);
        if (body is null)
        {
            response.Dispose();
            throw new UnexpectedAnswerException($"{what}: the answer is over {MaxAnswerBytes} bytes; no GitHub API answer Reconcile reads is that large");
        }

        var type = response.Content.Headers.ContentType?.MediaType;
        var content = new ByteArrayContent(body);
        foreach (var header in response.Content.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content.Dispose();
        response.Content = content;
        var isRead = request.Method == HttpMethod.Get;
        if (body.Length == 0)
        {
            if (isRead)
            {
                response.Dispose();
                throw new UnexpectedAnswerException($"{what}: the answer is empty; the GitHub API answers a read with a JSON object or list");
            }

            return response;
        }

        if (!IsJson(type))
        {
            response.Dispose();
            throw new UnexpectedAnswerException($"{what}: expected a JSON answer from the GitHub API, got {(int)response.StatusCode} {type ?? "without a content type"} (is --api-url the API root, e.g. https://HOST/api/v3/, and is no proxy answering instead?)");
        }

        var top = TopLevel(body);
        if (top is null)
        {
            response.Dispose();
            throw new UnexpectedAnswerException($"{what}: the answer says {type} but is not valid JSON");
        }

        if (isRead && top is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            response.Dispose();
            throw new UnexpectedAnswerException($"{what}: the answer is JSON {top} where the GitHub API answers a read with an object or a list");
        }

        if (isRead && top is not JsonTokenType.StartArray && IsListing(request.RequestUri))
        {
            response.Dispose();
            throw new UnexpectedAnswerException($"{what}: the answer is not a list of repositories");
        }

        return response;
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/> (counted while reading: a length header may lie or be absent).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Octokit reads a body only under exactly this media type.</summary>
    private static bool IsJson(string? mediaType) => string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first token of a well-formed body, or null when the body is not valid JSON.</summary>
    private static JsonTokenType? TopLevel(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            JsonTokenType? first = null;
            while (reader.Read())
            {
                first ??= reader.TokenType;
            }

            return first;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An org's or user's repository listing: GitHub answers these with a JSON list (an empty org with <c>[]</c>).</summary>
    private static bool IsListing(Uri? uri) =>
        uri is not null && ListingPath().IsMatch(uri.AbsolutePath);

    [GeneratedRegex(@"/(?:orgs|users)/[^/]+/repos$", RegexOptions.NonBacktracking)]
    private static partial Regex ListingPath();
}
