using Reconciler.Core.Hosts;
using Reconciler.Core.Repositories;
using Reconciler.Core.Rules;

namespace Reconciler.Core.Planning;

/// <summary>How a sweep reads: how many repositories at once, and how action tags are resolved before the rules run.</summary>
public sealed record SweepOptions
{
    /// <summary>Repositories read at once (the GitHub host also bounds its requests).</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Resolves action references across every snapshot read (e.g. tags to SHAs through the API); none when null.</summary>
    public Func<IReadOnlyList<RepositorySnapshot>, CancellationToken, Task<ActionRefs>>? ResolveActions { get; init; }
}

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
                plans.Add(PlanOne(planner, snapshot, actions?.Invoke(repo.FullName)));
            }
            catch (HostException ex)
            {
                plans.Add(RepositoryPlan.Failed(repo.FullName, ex.Message));
            }
            catch (RepositorySkippedException ex)
            {
                plans.Add(RepositoryPlan.Skipped(repo.FullName, ex.Reason));
            }
        }

        return planner.Assemble(plans);
    }

    /// <summary>Reads every listed repository (concurrently), resolves action references across them, then plans each.</summary>
    public static async Task<Plan> RunAsync(IRepositoryHost host, Planner planner, SweepOptions options, CancellationToken cancellationToken)
    {
        var listed = new List<RepositoryRef>();
        await foreach (var repo in host.ListAsync(cancellationToken))
        {
            listed.Add(repo);
        }

        var plans = new List<RepositoryPlan>();
        var snapshots = new List<RepositorySnapshot>();
        var gate = new SemaphoreSlim(Math.Max(1, options.Concurrency));
        var reads = listed.Select(async repo =>
        {
            if (repo.SkipReason is not null)
            {
                return (Plan: RepositoryPlan.Skipped(repo.FullName, repo.SkipReason), Snapshot: (RepositorySnapshot?)null);
            }

            await gate.WaitAsync(cancellationToken);
            try
            {
                return (Plan: (RepositoryPlan?)null, Snapshot: await host.ReadAsync(repo, cancellationToken));
            }
            catch (HostException ex)
            {
                return (RepositoryPlan.Failed(repo.FullName, ex.Message), null);
            }
            catch (RepositorySkippedException ex)
            {
                return (RepositoryPlan.Skipped(repo.FullName, ex.Reason), null);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        foreach (var (plan, snapshot) in await Task.WhenAll(reads))
        {
            if (plan is not null)
            {
                plans.Add(plan);
            }
            else if (snapshot is not null)
            {
                snapshots.Add(snapshot);
            }
        }

        var actions = options.ResolveActions is null ? ActionRefs.None : await options.ResolveActions(snapshots, cancellationToken);
        plans.AddRange(snapshots.Select(s => PlanOne(planner, s, actions)));
        return planner.Assemble(plans);
    }

    /// <summary>Plans one repository; a crash inside planning (e.g. a parser bug on hostile input) fails that repository only.</summary>
    private static RepositoryPlan PlanOne(Planner planner, RepositorySnapshot snapshot, ActionRefs? actions)
    {
        try
        {
            return planner.PlanRepository(snapshot, actions);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return RepositoryPlan.Failed(snapshot.FullName, $"could not be planned ({ex.GetType().Name}: {ex.Message})");
        }
    }
}
