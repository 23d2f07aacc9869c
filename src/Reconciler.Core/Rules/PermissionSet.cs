using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

public enum PermissionLevel
{
    None,
    Read,
    Write,
}

/// <summary>A GITHUB_TOKEN grant: scope → level, with why each scope is needed.</summary>
public sealed class PermissionSet
{
    public static readonly string[] Scopes =
    [
        "actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token", "issues",
        "models", "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses",
    ];

    private readonly SortedDictionary<string, PermissionLevel> _levels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _why = new(StringComparer.Ordinal);

    /// <summary>Every scope at one level (<c>read-all</c>, <c>write-all</c>), before per-scope entries.</summary>
    public PermissionLevel All { get; private set; }

    public IReadOnlyDictionary<string, PermissionLevel> Levels => _levels;

    public PermissionLevel this[string scope] => _levels.TryGetValue(scope, out var l) ? l : scope == "id-token" && All == PermissionLevel.Read ? PermissionLevel.None : All;

    public string? Why(string scope) => _why.GetValueOrDefault(scope);

    public void Raise(string scope, PermissionLevel level, string why)
    {
        if (!_levels.TryGetValue(scope, out var current) || level > current)
        {
            _levels[scope] = level;
            _why[scope] = why; // the reason for the highest level is the one worth telling
        }
    }

    public void Union(PermissionSet other)
    {
        foreach (var (scope, level) in other._levels)
        {
            Raise(scope, level, other.Why(scope) ?? "");
        }
    }

    /// <summary>Reads a <c>permissions:</c> value: a mapping, <c>read-all</c>, <c>write-all</c> or <c>{}</c>. Null when it can't be read.</summary>
    public static PermissionSet? Read(YNode? node)
    {
        var set = new PermissionSet();
        switch (node.Deref())
        {
            case YScalar { Value: "read-all" }:
                set.All = PermissionLevel.Read;
                return set;
            case YScalar { Value: "write-all" }:
                set.All = PermissionLevel.Write;
                return set;
            case YMap map:
                foreach (var e in map.Entries)
                {
                    if (e.Value.Deref() is not YScalar s || Parse(s.Value) is not { } level)
                    {
                        return null;
                    }

                    set._levels[e.KeyText] = level;
                }

                return set;
            default:
                return null;
        }
    }

    public static PermissionLevel? Parse(string text) => text switch
    {
        "read" => PermissionLevel.Read,
        "write" => PermissionLevel.Write,
        "none" => PermissionLevel.None,
        _ => null,
    };

    public static string Text(PermissionLevel level) => level switch
    {
        PermissionLevel.Read => "read",
        PermissionLevel.Write => "write",
        _ => "none",
    };

    /// <summary>The scopes granted above none, as <c>scope: level</c> in alphabetical order.</summary>
    public IEnumerable<(string Scope, PermissionLevel Level)> Granted =>
        (All == PermissionLevel.None ? (IEnumerable<string>)_levels.Keys : Scopes.Concat(_levels.Keys).Distinct().Order(StringComparer.Ordinal))
            .Select(s => (s, this[s]))
            .Where(x => x.Item2 > PermissionLevel.None);

    public string Describe() => All != PermissionLevel.None && _levels.Count == 0
        ? (All == PermissionLevel.Write ? "write-all" : "read-all")
        : Granted.Any() ? string.Join(", ", Granted.Select(g => $"{g.Scope}: {Text(g.Level)}")) : "{}";

    /// <summary>The grant as YAML: <c>read-all</c>/<c>write-all</c> stay the one word they were, a mapping otherwise.</summary>
    public YValue ToYaml() =>
        All != PermissionLevel.None && _levels.Count == 0 ? YValue.Str(All == PermissionLevel.Write ? "write-all" : "read-all")
        : Granted.Any() ? YValue.Map(Granted.Select(g => (g.Scope, YValue.Str(Text(g.Level)))).ToArray()) : YValue.EmptyMap;

    /// <summary>Same scopes and levels (what a grant means, not how it is written).</summary>
    public bool SameAs(PermissionSet other) => Granted.SequenceEqual(other.Granted);
}
