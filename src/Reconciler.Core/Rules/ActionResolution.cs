using Reconciler.Core.Policy;
using Reconciler.Core.Workflows;

namespace Reconciler.Core.Rules;

/// <summary>
/// Answers "which commit is this tag" and "which version is this commit" for an action, from the
/// policy's catalogue first and then from tags a host resolved (<see cref="ActionRefs"/>).
/// </summary>
public sealed class ActionResolution(PolicySpec policy, ActionRefs refs)
{
    /// <summary>The catalogue entry for a reference: by its full name (a reusable workflow), else by owner/repo.</summary>
    public ApprovedAction? Entry(ActionReference reference) =>
        Find(policy.Actions.Catalogue, reference.Name) ?? Find(policy.Actions.Catalogue, reference.Action);

    /// <summary>The most specific version tag known for a commit of this action, or null.</summary>
    public string? VersionOfSha(ActionReference reference, string sha)
    {
        sha = sha.ToLowerInvariant();
        if (Entry(reference) is { } entry)
        {
            var candidates = entry.Known.Where(k => k.Value == sha).Select(k => k.Key).ToList();
            if (entry.Sha == sha)
            {
                candidates.Add(entry.Version);
            }

            if (MostSpecific(candidates) is { } version)
            {
                return version;
            }
        }

        return refs.Lookup(reference.Action, sha)?.Version;
    }

    /// <summary>The commit and most specific version for a version tag, or null when nothing knows it.</summary>
    public ResolvedRef? ResolveTag(ActionReference reference, string tag)
    {
        if (Entry(reference) is { } entry)
        {
            if (entry.Version == tag || Covers(tag, entry.Version))
            {
                // A less specific tag (v6) of the approved release (v6.0.2) pins to the approved release.
                return new ResolvedRef(entry.Sha, VersionOfSha(reference, entry.Sha) ?? entry.Version);
            }

            if (entry.Known.TryGetValue(tag, out var sha))
            {
                return new ResolvedRef(sha, VersionOfSha(reference, sha) ?? tag);
            }
        }

        return refs.Lookup(reference.Action, tag);
    }

    /// <summary>Whether <paramref name="tag"/> (v6, v6.0) names a line that <paramref name="version"/> (v6.0.2) is on.</summary>
    public static bool Covers(string tag, string version) =>
        ActionVersion.TryParse(tag, out var t) && ActionVersion.TryParse(version, out var v)
        && t.HasV == v.HasV && t.Precision < v.Precision && t.Major == v.Major && (t.Minor is null || t.Minor == v.Minor);

    private static string? MostSpecific(IEnumerable<string> versions) =>
        versions
            .Select(v => (Text: v, Ok: ActionVersion.TryParse(v, out var parsed), Parsed: parsed))
            .Where(v => v.Ok)
            .OrderByDescending(v => v.Parsed.Precision)
            .ThenByDescending(v => v.Parsed)
            .Select(v => v.Text)
            .FirstOrDefault();

    private static ApprovedAction? Find(Dictionary<string, ApprovedAction> catalogue, string name) =>
        catalogue.TryGetValue(name, out var exact) ? exact
        : catalogue.FirstOrDefault(kv => kv.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
