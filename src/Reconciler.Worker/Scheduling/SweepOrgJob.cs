using Quartz;
using Reconciler.Core.Hosts;
using Reconciler.Worker.Telemetry;

namespace Reconciler.Worker.Scheduling;

/// <summary>
/// Lists the org's repositories and enqueues one <see cref="ReconcileRepositoryJob"/> per repository.
/// It only enqueues — the work itself spreads over every replica's threads — so one bad repository
/// can't stop it; a repository that can't be enqueued is logged and the sweep goes on.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SweepOrgJob(IRepositoryHost host, ILogger<SweepOrgJob> logger) : IJob
{
    public static readonly JobKey Key = new("sweep-org", "sweep");

    public static readonly TriggerKey ScheduleKey = new("sweep-org-schedule", "sweep");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.Source.StartActivity("reconcile.sweep");
        activity?.SetTag("reconcile.instance", context.Scheduler.SchedulerInstanceId);
        int enqueued = 0, kept = 0, failed = 0, pruned = 0;
        var listed = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var repository in host.ListAsync(cancellationToken))
            {
                listed.Add(repository.FullName);
                try
                {
                    var outcome = await RepositoryJobs.EnqueueAsync(context.Scheduler, repository, cancellationToken);
                    if (outcome == ScheduleOutcome.Kept)
                    {
                        kept++;
                    }
                    else
                    {
                        enqueued++;
                    }
                }
                catch (SchedulerException ex)
                {
                    failed++;
                    logger.LogError("{Repository}: could not be enqueued: {Error}", repository.FullName, Redact.Secrets(ex.Message));
                }
            }

            // Only after a complete listing: a partial one would make live repositories look gone.
            try
            {
                pruned = await RepositoryJobs.PruneAsync(context.Scheduler, listed, cancellationToken);
            }
            catch (SchedulerException ex)
            {
                logger.LogWarning("the sweep could not prune gone repositories (it tries again next time): {Error}", Redact.Secrets(ex.Message));
            }
        }
        catch (HostException ex)
        {
            // The listing itself failed: nothing to enqueue this time, the next sweep tries again.
            WorkerTelemetry.Errors.Add(1, new KeyValuePair<string, object?>("reconcile.stage", "sweep"));
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, Redact.Secrets(ex.Message));
            logger.LogError("the sweep could not list repositories: {Error}", Redact.Secrets(ex.Message));
        }

        WorkerTelemetry.RepositoriesScheduled.Add(enqueued);
        activity?.SetTag("reconcile.listed", listed.Count);
        activity?.SetTag("reconcile.enqueued", enqueued);
        logger.LogInformation(
            "sweep: {Listed} repositories listed, {Enqueued} enqueued, {Kept} already waiting, {Failed} failed, {Pruned} gone and pruned",
            listed.Count,
            enqueued,
            kept,
            failed,
            pruned);
    }
}
