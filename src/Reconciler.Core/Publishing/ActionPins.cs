using Reconciler.Core.Policy;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing;

/// <summary>
/// The <c>uses:</c> value for an action the rewrite emits: the policy catalogue's commit with a
/// <c># version</c> comment, or the given tag when the catalogue doesn't list the action (the
/// pinned-actions rule then reports it, rather than us inventing a SHA).
/// </summary>
public sealed class ActionPins(PolicySpec policy)
{
    public YValue Uses(string action, string fallbackTag) =>
        policy.Actions.Catalogue.TryGetValue(action, out var approved)
            ? new YCommented(YValue.Str($"{action}@{approved.Sha}"), approved.Version)
            : YValue.Str($"{action}@{fallbackTag}");
}
