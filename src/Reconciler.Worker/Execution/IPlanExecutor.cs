using Reconciler.Core.Planning;

namespace Reconciler.Worker.Execution;

/// <summary>What happens to a repository's plan once it is made: recorded (plan mode) or carried out (apply mode).</summary>
public interface IPlanExecutor
{
    Task<ExecutionResult> ExecuteAsync(RepositoryPlan plan, CancellationToken cancellationToken);
}

/// <summary>
/// The outcome recorded in <c>reconcile_runs</c>: the plan's status, how many changes it carried, any error, and a
/// reason (why it was skipped, or what the applier found; the plan's own reason when null).
/// </summary>
public sealed record ExecutionResult(RepositoryStatus Status, int Changes, string? Error = null, string? Reason = null)
{
    public static ExecutionResult Of(RepositoryPlan plan) =>
        new(plan.Status, plan.Changes.Count, plan.Status == RepositoryStatus.Error ? plan.Error : null);
}
