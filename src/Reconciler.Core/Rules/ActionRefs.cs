using Reconciler.Core.Policy;

namespace Reconciler.Core.Rules;

/// <summary>A tag or branch of an action resolved to the commit it names, and the most specific version tag on that commit.</summary>
public sealed record ResolvedRef(string Sha, string Version);

/// <summary>
/// What is known about action references before rules run: the policy's catalogue, plus (when a
/// host is connected) tags resolved through its API. Rules stay pure: resolution happens before
/// evaluation, and this is an immutable lookup.
/// </summary>
public sealed class ActionRefs
{
    private readonly IReadOnlyDictionary<string, ResolvedRef> _resolved;

    public ActionRefs(IReadOnlyDictionary<string, ResolvedRef>? resolved = null) =>
        _resolved = resolved ?? new Dictionary<string, ResolvedRef>(StringComparer.OrdinalIgnoreCase);

    public static readonly ActionRefs None = new();

    /// <summary>The resolution of <c>owner/repo@ref</c> learned from a host, or null.</summary>
    public ResolvedRef? Lookup(string action, string reference) =>
        _resolved.TryGetValue($"{action}@{reference}", out var r) ? r : null;

    /// <summary>The catalogue's approved version of an action, if the policy names it.</summary>
    public static ApprovedAction? Approved(PolicySpec policy, string action) =>
        policy.Actions.Catalogue.TryGetValue(action, out var a) ? a : null;
}
