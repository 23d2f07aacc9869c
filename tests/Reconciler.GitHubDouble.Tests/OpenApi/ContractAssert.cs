using System.Globalization;
using System.Text.Json;
using Reconciler.GitHubDouble.Http;

namespace Reconciler.GitHubDouble.Tests.OpenApi;

/// <summary>Checks every exchange in the double's request log against the OpenAPI description.</summary>
public static class ContractAssert
{
    /// <summary>Validates all logged exchanges; fails the test listing every violation. Returns the (method, template) pairs seen.</summary>
    public static IReadOnlySet<string> LogConformsToSpec(GitHubDouble gh) => EntriesConform(gh.Requests.Entries);

    public static IReadOnlySet<string> EntriesConform(IEnumerable<RequestLogEntry> entries)
    {
        var spec = SpecDocument.Instance;
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var where = $"{e.Method} {e.Path}{e.Query} → {e.Status}";
            foreach (var h in new[] { "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset", "x-ratelimit-resource" })
            {
                if (!e.ResponseHeaders.ContainsKey(h))
                {
                    failures.Add($"{where}: missing header {h}");
                }
            }
            if (e.Status == 304 && e.ResponseBody is not null)
            {
                failures.Add($"{where}: 304 with a body");
            }
            if (e.Route is null)
            {
                failures.Add($"{where}: no route matched");
                continue;
            }
            seen.Add(e.Method + " " + e.Route);
            var isJson = e.ResponseContentType?.StartsWith("application/json", StringComparison.Ordinal) == true;
            if (isJson && e.ResponseContentType != "application/json; charset=utf-8")
            {
                failures.Add($"{where}: content type {e.ResponseContentType}");
            }
            var message = isJson && e.ResponseBody is { } b ? MessageOf(b) : null;
            var status = e.Status.ToString(CultureInfo.InvariantCulture);
            var specPath = spec.FindPath(e.Route);
            var op = spec.Operation(e.Method, e.Route);
            if (op is null || specPath is null)
            {
                if (!ContractRules.ExtraRoutes.ContainsKey(e.Method + " " + e.Route))
                {
                    failures.Add($"{where}: {e.Method} {e.Route} is not in the spec");
                }
                else if (e.Status == 200 && e.ResponseBody is { } legacy)
                {
                    var schema = legacy.TrimStart().StartsWith('[') ? null : spec.ComponentSchema("git-ref");
                    if (schema is not null)
                    {
                        Report(failures, where, "git-ref", SpecDocument.Validate(schema, legacy));
                    }
                    else
                    {
                        using var doc = JsonDocument.Parse(legacy);
                        foreach (var item in doc.RootElement.EnumerateArray())
                        {
                            Report(failures, where, "git-ref[]", SpecDocument.Validate(spec.ComponentSchema("git-ref"), item.GetRawText()));
                        }
                    }
                }
                else if (e.ResponseBody is { } err && isJson)
                {
                    Report(failures, where, "basic-error", SpecDocument.Validate(spec.ComponentSchema("basic-error"), err));
                }
                continue;
            }
            var listed = spec.Statuses(op).Contains(status);
            if (!listed)
            {
                var reason = e.Fault is not null && e.Fault != FaultKind.Delay
                    ? "injected fault"
                    : ContractRules.GenericReason(e.Status, e.ResponseBody, e.ResponseHeaders)
                        ?? ContractRules.ObservedReason(e.Method, e.Route, e.Status, message);
                if (reason is null)
                {
                    failures.Add($"{where}: status {status} not listed for {e.Method} {specPath} (message: {message})");
                }
            }
            if (e.ResponseBody is { } body && isJson && e.Status != 304)
            {
                var schema = listed ? spec.ResponseSchema(e.Method, specPath, status) : null;
                if (schema is not null)
                {
                    Report(failures, where, $"{e.Method} {specPath} {status}", SpecDocument.Validate(schema, body));
                }
                else if (e.Status >= 400)
                {
                    Report(failures, where, "basic-error", SpecDocument.Validate(spec.ComponentSchema("basic-error"), body));
                    if (message is null)
                    {
                        failures.Add($"{where}: error body without a message");
                    }
                }
                else if (listed)
                {
                    failures.Add($"{where}: sent a JSON body but the spec documents none for {status}");
                }
            }
            if (e.IsWrite && e.Status is >= 200 and < 300 && !string.IsNullOrWhiteSpace(e.RequestBody)
                && spec.RequestSchema(e.Method, specPath) is { } requestSchema
                && ContractRules.RequestBodyException(e.Method, e.Route, e.RequestBody) is null)
            {
                Report(failures, where, "request body", SpecDocument.Validate(requestSchema, e.RequestBody));
            }
        }
        if (failures.Count > 0)
        {
            Assert.Fail($"{failures.Count} contract violation(s):\n" + string.Join("\n", failures.Take(40)));
        }
        return seen;
    }

    private static void Report(List<string> failures, string where, string against, IReadOnlyList<string> errors)
    {
        if (errors.Count > 0)
        {
            failures.Add($"{where}: invalid against {against}: " + string.Join(" | ", errors.Take(6)));
        }
    }

    private static string? MessageOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
