using Reconciler.Core.Hosts;
using Reconciler.Core.Rules;

namespace Reconciler.Core.Planning;

/// <summary>Plans every repository a host lists. One repository's failure becomes its error status; the sweep goes on.</summary>
public static class PlanSweep
{
    public static async Task<Plan> RunAsync(IRepositoryHost host, Planner planner, CancellationToken cancellationToken, Func<string, ActionRefs>? actions = null)
    {
        var plans = new List<RepositoryPlan>();
        await foreach (var repo in host.ListAsync(cancellationToken))
        {
            if (repo.SkipReason is not null)
            {
                plans.Add(RepositoryPlan.Skipped(repo.FullName, repo.SkipReason));
                continue;
            }

            try
            {
                var snapshot = await host.ReadAsync(repo, cancellationToken);
                plans.Add(planner.PlanRepository(snapshot, actions?.Invoke(repo.FullName)));
            }
            catch (HostException ex)
            {
                plans.Add(RepositoryPlan.Failed(repo.FullName, ex.Message));
            }
        }

        return planner.Assemble(plans);
    }
}
