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
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode || response.StatusCode is HttpStatusCode.NoContent || response.Content is null)
        {
            return response;
        }

        var type = response.Content.Headers.ContentType?.MediaType;
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (body.Length == 0)
        {
            return response;
        }

        var what = $"{request.Method} {request.RequestUri?.GetLeftPart(UriPartial.Path)}";
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
