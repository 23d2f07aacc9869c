using Reconciler.Core.Planning;

namespace Reconciler.Worker.Execution;

/// <summary>
/// Carries one repository's plan out on its host (a branch, a commit, a pull request, settings calls).
/// The GitHub applier implements this; the worker only needs it in apply mode.
/// </summary>
public interface IRepositoryApplier
{
    Task<ExecutionResult> ApplyAsync(RepositoryPlan plan, CancellationToken cancellationToken);
}
