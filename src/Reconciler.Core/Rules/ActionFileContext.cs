using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Workflows;

namespace Reconciler.Core.Rules;

/// <summary>What an action-file rule sees of an action's metadata (<c>action.yml</c>) and how it reports.</summary>
public sealed class ActionFileContext : FileContext
{
    internal ActionFileContext(IRule rule, PolicySpec policy, RepositorySnapshot repository, ActionMetadata action, ActionRefs actions, RuleSettings settings)
        : base(rule, policy, repository, action, actions, settings) => Action = action;

    public ActionMetadata Action { get; }
}
