using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Workflows;

namespace Reconciler.Core.Rules;

/// <summary>What a workflow rule sees and how it reports: findings, edits (through <see cref="FileContext.Editor"/>), explanations.</summary>
public sealed class WorkflowContext : FileContext
{
    internal WorkflowContext(IRule rule, PolicySpec policy, RepositorySnapshot repository, Workflow workflow, ActionRefs actions, RuleSettings settings)
        : base(rule, policy, repository, workflow, actions, settings) => Workflow = workflow;

    public Workflow Workflow { get; }

    /// <summary>
    /// A check run on the re-parsed workflow after this rule's edits: returns null when the edit
    /// means what was intended, else why not (the change is then dropped and reported).
    /// </summary>
    public void Verify(Func<Workflow, string?> check) => AddCheck(file => check((Workflow)file));
}
