using System.Text.Json;
using System.Text.RegularExpressions;
using Reconciler.GitHubDouble.Http;

namespace Reconciler.Integration.Tests;

/// <summary>
/// GitHub's OpenAPI description (npm @octokit/openapi, installed by scripts/test.sh into tests/tools): every
/// request the client sends must be an operation it describes (method and path template).
/// </summary>
public static class OpenApiSpec
{
    private static readonly Lazy<IReadOnlyList<(string Method, string Template, Regex Pattern)>> Operations = new(Load);

    public static string File => Path.Combine(Env.Root, "tests", "tools", "node_modules", "@octokit", "openapi", "generated", "api.github.com.json");

    /// <summary>Every request that reached the double's router must match an operation of the spec.</summary>
    public static void AssertAllKnown(IEnumerable<RequestLogEntry> requests)
    {
        var unknown = requests
            .Select(r => (r.Method, r.Path))
            .Distinct()
            .Where(r => Find(r.Method, r.Path) is null)
            .Select(r => r.Method + " " + r.Path)
            .ToList();
        Assert.True(unknown.Count == 0, "requests not in GitHub's OpenAPI description:\n" + string.Join("\n", unknown));
    }

    /// <summary>The spec template a request matches, or null.</summary>
    public static string? Find(string method, string path)
    {
        path = path.StartsWith("/api/v3/", StringComparison.Ordinal) ? path[7..] : path;
        return Operations.Value.Where(o => o.Method == method && o.Pattern.IsMatch(path)).Select(o => o.Template).FirstOrDefault();
    }

    private static IReadOnlyList<(string, string, Regex)> Load()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllBytes(File));
        var list = new List<(string, string, Regex)>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            var multi = new HashSet<string>(StringComparer.Ordinal);
            foreach (var op in path.Value.EnumerateObject())
            {
                if (op.Value.ValueKind == JsonValueKind.Object && op.Value.TryGetProperty("parameters", out var ps))
                {
                    foreach (var item in ps.EnumerateArray())
                    {
                        var p = item.TryGetProperty("$ref", out var r)
                            ? doc.RootElement.GetProperty("components").GetProperty("parameters").GetProperty(r.GetString()!.Split('/')[^1])
                            : item;
                        if (p.TryGetProperty("x-multi-segment", out var m) && m.ValueKind == JsonValueKind.True)
                        {
                            multi.Add(p.GetProperty("name").GetString()!);
                        }
                    }
                }
            }

            var pattern = "^" + Regex.Replace(Regex.Escape(path.Name).Replace("\\{", "{", StringComparison.Ordinal), "\\{([a-z_]+)\\}", m => multi.Contains(m.Groups[1].Value) ? ".+" : "[^/]+") + "$";
            var regex = new Regex(pattern, RegexOptions.CultureInvariant);
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                list.Add((op.Name.ToUpperInvariant(), path.Name, regex));
            }
        }

        return list;
    }
}
