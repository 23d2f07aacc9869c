using Reconciler.Core.Policy;
using Reconciler.Core.Workflows;

namespace Reconciler.Core.Rules;

/// <summary>
/// Answers "which commit is this tag" and "which version is this commit" for an action, from the
/// policy's catalogue and from tags a host resolved (<see cref="ActionRefs"/>). A version is always the
/// most specific tag known to name the commit (<c>v6.2.0</c> rather than <c>v6</c>).
/// </summary>
public sealed class ActionResolution(PolicySpec policy, ActionRefs refs)
{
    /// <summary>The catalogue entry for a reference: by its full name (a reusable workflow), else by owner/repo.</summary>
    public ApprovedAction? Entry(ActionReference reference) => Entry(policy, reference);

    public static ApprovedAction? Entry(PolicySpec policy, ActionReference reference) =>
        Find(policy.Actions.Catalogue, reference.Name) ?? Find(policy.Actions.Catalogue, reference.Action);

    /// <summary>
    /// Whether the catalogue answers a tag by policy: its approved release, a less specific tag of it (<c>v6</c> for
    /// <c>v6.0.2</c>), or one of its <c>known</c> tags. Any other tag of a catalogue action (an older major's
    /// release the catalogue doesn't record) is resolved through a connected host, as any other action's.
    /// </summary>
    public static bool Answers(ApprovedAction entry, string tag) => entry.Version == tag || Covers(tag, entry.Version) || entry.Known.ContainsKey(tag);

    /// <summary>Every version tag known to name a commit of this action: the catalogue's and a host's.</summary>
    public IReadOnlyList<string> VersionsOfSha(ActionReference reference, string sha)
    {
        sha = sha.ToLowerInvariant();
        var versions = new List<string>();
        if (Entry(reference) is { } entry)
        {
            versions.AddRange(entry.Known.Where(k => k.Value == sha).Select(k => k.Key));
            if (entry.Sha == sha)
            {
                versions.Add(entry.Version);
            }
        }

        if (refs.Lookup(reference.Action, sha)?.Version is { } resolved)
        {
            versions.Add(resolved);
        }

        return versions;
    }

    /// <summary>The most specific version tag known for a commit of this action, or null.</summary>
    public string? VersionOfSha(ActionReference reference, string sha) => MostSpecific(VersionsOfSha(reference, sha));

    /// <summary>
    /// The commit and most specific version for a version tag, or null when nothing knows it: the catalogue's
    /// approved release for that release's tags, else the catalogue's <c>known</c> tags (the policy's record, the
    /// same with or without a host), else what a connected host resolved the tag to.
    /// </summary>
    public ResolvedRef? ResolveTag(ActionReference reference, string tag)
    {
        var entry = Entry(reference);
        if (entry is not null && (entry.Version == tag || Covers(tag, entry.Version)))
        {
            // A less specific tag (v6) of the approved release (v6.0.2) pins to the approved release.
            return Pin(entry.Sha, entry.Version);
        }

        if (entry is not null && entry.Known.TryGetValue(tag, out var sha))
        {
            return Pin(sha, tag);
        }

        return refs.Lookup(reference.Action, tag) is { } resolved ? Pin(resolved.Sha, resolved.Version) : null;

        ResolvedRef Pin(string commit, string fallback) =>
            new(commit, MostSpecific([fallback, .. VersionsOfSha(reference, commit)]) ?? fallback);
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
