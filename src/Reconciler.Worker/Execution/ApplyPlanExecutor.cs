using Reconciler.Core.Planning;

namespace Reconciler.Worker.Execution;

/// <summary>Apply mode: a plan with changes goes to the applier; in-sync, skipped and failed plans are only recorded.</summary>
public sealed class ApplyPlanExecutor(IRepositoryApplier applier) : IPlanExecutor
{
    public Task<ExecutionResult> ExecuteAsync(RepositoryPlan plan, CancellationToken cancellationToken) =>
        plan.Status == RepositoryStatus.Drift && plan.Changes.Count > 0
            ? applier.ApplyAsync(plan, cancellationToken)
            : Task.FromResult(ExecutionResult.Of(plan));
}
