using System.Net;
using System.Text.Json;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>An answer that is not what the API gives (e.g. a proxy's HTML page), naming the request and what came back.</summary>
public sealed class UnexpectedAnswerException(string message) : HttpRequestException(message);

/// <summary>
/// Every successful answer must be JSON: Octokit reads any other content type as "no body", so a proxy's or a wrong
/// <c>--api-url</c>'s <c>200 text/html</c> would list no repositories (a sweep that checked nothing, reported green)
/// or crash on a missing object. Such an answer is an error that names the URL and the content type.
/// </summary>
public sealed class JsonAnswerHandler : DelegatingHandler
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
        if (body.Length == 0)
        {
            return response;
        }

        if (!IsJson(type))
        {
            response.Dispose();
            throw new UnexpectedAnswerException($"{what}: expected a JSON answer from the GitHub API, got {(int)response.StatusCode} {type ?? "without a content type"} (is --api-url the API root, e.g. https://HOST/api/v3/, and is no proxy answering instead?)");
        }

        if (!IsWellFormed(body))
        {
            response.Dispose();
            throw new UnexpectedAnswerException($"{what}: the answer says {type} but is not valid JSON");
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

    private static bool IsWellFormed(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
