using System.Text.Json.Nodes;

namespace Reconciler.GitHubDouble.Http;

/// <summary>What a handler answers; the pipeline adds rate-limit headers, ETags and logging.</summary>
public sealed class Reply
{
    public int Status { get; init; }
    public JsonNode? Json { get; init; }
    public byte[]? Raw { get; init; }
    public string? ContentType { get; init; }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public const string DocsBase = "https://docs.github.com/rest";

    public static Reply Ok(JsonNode json) => new() { Status = 200, Json = json };

    public static Reply Created(JsonNode json, string location)
    {
        var r = new Reply { Status = 201, Json = json };
        r.Headers["Location"] = location;
        return r;
    }

    public static Reply NoContent() => new() { Status = 204 };

    public static Reply Error(int status, string message, string docs = DocsBase) => new()
    {
        Status = status,
        Json = new JsonObject
        {
            ["message"] = message,
            ["documentation_url"] = docs,
            ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    public static Reply NotFound(string docs = DocsBase) => Error(404, "Not Found", docs);

    /// <summary>A 422 in the validation-error shape.</summary>
    public static Reply Validation(string docs, params JsonObject[] errors)
    {
        var arr = new JsonArray();
        foreach (var e in errors)
        {
            arr.Add(e);
        }
        return new Reply
        {
            Status = 422,
            Json = new JsonObject
            {
                ["message"] = "Validation Failed",
                ["errors"] = arr,
                ["documentation_url"] = docs,
                ["status"] = "422",
            },
        };
    }

    public static JsonObject ValidationItem(string code, string? resource = null, string? field = null, string? message = null)
    {
        var o = new JsonObject();
        if (resource is not null)
        {
            o["resource"] = resource;
        }
        if (field is not null)
        {
            o["field"] = field;
        }
        o["code"] = code;
        if (message is not null)
        {
            o["message"] = message;
        }
        return o;
    }

    public Reply WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }
}

/// <summary>Thrown by handlers to short-circuit with an error reply.</summary>
public sealed class ReplyException(Reply reply) : Exception(reply.Json?["message"]?.ToString())
{
    public Reply Reply { get; } = reply;
}
