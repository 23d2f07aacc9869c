using Reconciler.Core.Policy;
using Reconciler.Core.Rules;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing;

/// <summary>
/// The <c>uses:</c> value for an action the rewrite emits: the policy catalogue's commit with a
/// <c># version</c> comment (the most specific tag the catalogue knows on that commit); else the
/// reference the workflow already uses for that action (the repository chose it); else the given tag
/// (the pinned-actions rule then reports it, rather than us inventing a SHA).
/// </summary>
public sealed class ActionPins(PolicySpec policy, IEnumerable<string>? usedInWorkflow = null)
{
    private readonly IReadOnlyList<string> _used = usedInWorkflow?.ToList() ?? [];

    public YValue Uses(string action, string fallbackTag)
    {
        if (policy.Actions.Catalogue.TryGetValue(action, out var approved))
        {
            // The comment names the commit as precisely as the catalogue can (a known v6.2.0 on the approved v6's commit).
            var version = new ActionResolution(policy, ActionRefs.None).VersionOfSha(ActionReference.Parse($"{action}@{approved.Sha}"), approved.Sha) ?? approved.Version;
            return new YCommented(YValue.Str($"{action}@{approved.Sha}"), version);
        }

        var existing = _used.FirstOrDefault(u => u.StartsWith(action + "@", StringComparison.OrdinalIgnoreCase));
        return YValue.Str(existing ?? $"{action}@{fallbackTag}");
    }
}
