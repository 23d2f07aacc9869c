using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Reconciler.GitHubDouble.Tests.OpenApi;

/// <summary>
/// GitHub's OpenAPI 3.0 description (npm @octokit/openapi, generated/api.github.com.json), loaded once per test run,
/// with OpenAPI-schema → JSON Schema 2020-12 conversion and cached validators.
/// </summary>
public sealed partial class SpecDocument
{
    private static readonly Lazy<SpecDocument> LazyInstance = new(() => new SpecDocument(Locate()), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly JsonObject _root;
    private readonly JsonObject _schemas;
    private readonly Dictionary<string, string> _normalizedPaths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonSchema> _cache = new(StringComparer.Ordinal);
    private int _schemaCounter;

    /// <summary>The shared instance (parsed on first use, once per test run).</summary>
    public static SpecDocument Instance => LazyInstance.Value;

    private SpecDocument(string path)
    {
        using var stream = File.OpenRead(path);
        _root = JsonNode.Parse(stream)!.AsObject();
        _schemas = _root["components"]!["schemas"]!.AsObject();
        foreach (var (p, _) in _root["paths"]!.AsObject())
        {
            _normalizedPaths[Normalize(p)] = p;
        }
    }

    public static string Locate()
    {
        const string relative = "tests/tools/node_modules/@octokit/openapi/generated/api.github.com.json";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}: run `npm ci` in tests/tools.");
    }

    public string OpenApiVersion => _root["openapi"]!.ToString();

    public int PathCount => _root["paths"]!.AsObject().Count;

    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex Param();

    /// <summary>Parameter names don't matter when matching templates: "/a/{x}" ≡ "/a/{y}".</summary>
    public static string Normalize(string template) => Param().Replace(template, "{}");

    /// <summary>The spec's path template equivalent to <paramref name="template"/>, or null.</summary>
    public string? FindPath(string template) => _normalizedPaths.GetValueOrDefault(Normalize(template));

    public JsonObject? Operation(string method, string template) =>
        FindPath(template) is { } p ? _root["paths"]![p]![method.ToLowerInvariant()] as JsonObject : null;

    private JsonObject Resolve(JsonObject node)
    {
        while (node["$ref"]?.ToString() is { } r)
        {
            var parts = r.TrimStart('#', '/').Split('/');
            JsonNode? target = _root;
            foreach (var part in parts)
            {
                target = target![part];
            }
            node = target!.AsObject();
        }
        return node;
    }

    /// <summary>The operation's parameters with $refs resolved.</summary>
    public IEnumerable<JsonObject> Parameters(JsonObject operation) =>
        (operation["parameters"] as JsonArray ?? []).Select(p => Resolve(p!.AsObject()));

    /// <summary>Status codes the operation documents ("200", "404", …).</summary>
    public IReadOnlyCollection<string> Statuses(JsonObject operation) =>
        [.. (operation["responses"] as JsonObject ?? []).Select(kv => kv.Key)];

    /// <summary>The JSON Schema of a documented response body (application/json), or null when it has none.</summary>
    public JsonSchema? ResponseSchema(string method, string specPath, string status)
    {
        var key = "res " + method + " " + specPath + " " + status;
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var op = _root["paths"]![specPath]![method.ToLowerInvariant()]!.AsObject();
        if (op["responses"]?[status] is not JsonObject response)
        {
            return null;
        }
        var schema = Resolve(response)["content"]?["application/json"]?["schema"];
        return schema is null ? null : _cache.GetOrAdd(key, _ => Build(schema));
    }

    /// <summary>The JSON Schema of an operation's request body (application/json), or null.</summary>
    public JsonSchema? RequestSchema(string method, string specPath)
    {
        var key = "req " + method + " " + specPath;
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var op = _root["paths"]![specPath]![method.ToLowerInvariant()]!.AsObject();
        if (op["requestBody"] is not JsonObject body)
        {
            return null;
        }
        var schema = Resolve(body)["content"]?["application/json"]?["schema"];
        return schema is null ? null : _cache.GetOrAdd(key, _ => Build(schema));
    }

    /// <summary>A named component schema (e.g. "git-ref", "basic-error").</summary>
    public JsonSchema ComponentSchema(string name) =>
        _cache.GetOrAdd("component " + name, _ => Build(new JsonObject { ["$ref"] = "#/components/schemas/" + name }));

    private JsonSchema Build(JsonNode openApiSchema)
    {
        var defs = new JsonObject();
        var pending = new Queue<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var root = Convert(openApiSchema, pending, seen).AsObject();
        while (pending.Count > 0)
        {
            var name = pending.Dequeue();
            defs[name] = Convert(_schemas[name]!, pending, seen);
        }
        var doc = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema" };
        foreach (var (k, v) in root)
        {
            doc[k] = v?.DeepClone();
        }
        doc["$defs"] = defs;
        var element = JsonDocument.Parse(doc.ToJsonString()).RootElement.Clone();
        var id = Interlocked.Increment(ref _schemaCounter);
        return JsonSchema.Build(element, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://spec.local/schema/{id}"));
    }

    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "nullable", "discriminator", "example", "examples", "xml", "externalDocs",
    };

    /// <summary>OpenAPI 3.0 schema object → JSON Schema 2020-12 (nullable → "null" type, $ref → $defs).</summary>
    private static JsonNode Convert(JsonNode node, Queue<string> pending, HashSet<string> seen)
    {
        if (node is not JsonObject o)
        {
            return node.DeepClone();
        }
        var result = new JsonObject();
        foreach (var (key, value) in o)
        {
            if (Dropped.Contains(key) || key.StartsWith("x-", StringComparison.Ordinal) || value is null)
            {
                continue;
            }
            switch (key)
            {
                case "$ref":
                    const string prefix = "#/components/schemas/";
                    var r = value.ToString();
                    if (!r.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        throw new NotSupportedException("Unexpected $ref " + r);
                    }
                    var name = r[prefix.Length..];
                    if (seen.Add(name))
                    {
                        pending.Enqueue(name);
                    }
                    result["$ref"] = "#/$defs/" + name;
                    break;
                case "properties" or "patternProperties":
                    var props = new JsonObject();
                    foreach (var (pn, pv) in value.AsObject())
                    {
                        props[pn] = Convert(pv!, pending, seen);
                    }
                    result[key] = props;
                    break;
                case "items" or "additionalProperties" or "not":
                    result[key] = Convert(value, pending, seen);
                    break;
                case "allOf" or "anyOf" or "oneOf":
                    var arr = new JsonArray();
                    foreach (var item in value.AsArray())
                    {
                        arr.Add(Convert(item!, pending, seen));
                    }
                    result[key] = arr;
                    break;
                default:
                    result[key] = value.DeepClone();
                    break;
            }
        }
        if (o["nullable"] is JsonValue n && n.GetValue<bool>())
        {
            if (result["enum"] is JsonArray e && !e.Any(x => x is null))
            {
                e.Add(null);
            }
            if (result["type"] is JsonValue t)
            {
                result["type"] = new JsonArray(t.ToString(), "null");
            }
            else if (result["type"] is null)
            {
                return new JsonObject { ["anyOf"] = new JsonArray(result, new JsonObject { ["type"] = "null" }) };
            }
        }
        return result;
    }

    /// <summary>Validates a JSON text against a schema; returns the failures (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(JsonSchema schema, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }
        var errors = new List<string>();
        foreach (var d in result.Details ?? [])
        {
            if (d.Errors is null)
            {
                continue;
            }
            foreach (var (k, v) in d.Errors)
            {
                errors.Add($"{d.InstanceLocation} ({d.EvaluationPath}) {k}: {v}");
            }
        }
        if (errors.Count == 0)
        {
            errors.Add("invalid (no details)");
        }
        return errors;
    }
}
