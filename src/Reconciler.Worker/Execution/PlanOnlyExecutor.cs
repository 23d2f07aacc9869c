using Reconciler.Core.Planning;

namespace Reconciler.Worker.Execution;

/// <summary>Plan mode: say what would change and write nothing. The run row is the record.</summary>
public sealed class PlanOnlyExecutor(ILogger<PlanOnlyExecutor> logger) : IPlanExecutor
{
    public Task<ExecutionResult> ExecuteAsync(RepositoryPlan plan, CancellationToken cancellationToken)
    {
        var files = plan.Changes.OfType<FileChange>().Select(c => c.Path);
        var settings = plan.Changes.OfType<SettingChange>().Select(c => c.Target);
        logger.LogInformation(
            "{Repository}: {Status}, {Changes} change(s) planned [{Targets}]",
            plan.Repository,
            plan.Status,
            plan.Changes.Count,
            string.Join(", ", files.Concat(settings)));
        return Task.FromResult(ExecutionResult.Of(plan));
    }
}
