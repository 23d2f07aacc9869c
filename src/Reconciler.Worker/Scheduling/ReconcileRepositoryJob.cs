using System.Diagnostics;
using Microsoft.Extensions.Options;
using Quartz;
using Reconciler.Core.Hosts;
using Reconciler.Core.Planning;
using Reconciler.Worker.Configuration;
using Reconciler.Worker.Execution;
using Reconciler.Worker.Storage;
using Reconciler.Worker.Telemetry;

namespace Reconciler.Worker.Scheduling;

/// <summary>
/// Reconciles one repository: read a snapshot, plan it, hand the plan to the executor, record the
/// outcome in <c>reconcile_runs</c>. Whatever the repository does wrong becomes an <c>error</c> row;
/// the job itself completes, so Quartz never re-fires it in a loop and the other repositories are untouched.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReconcileRepositoryJob(
    IRepositoryHost host,
    Planner planner,
    IPlanExecutor executor,
    IActionTags actionTags,
    RunLog runs,
    IOptions<ReconcileOptions> options,
    ILogger<ReconcileRepositoryJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var repository = RepositoryJobs.Read(context.MergedJobDataMap);
        var instance = context.Scheduler.SchedulerInstanceId;
        using var activity = WorkerTelemetry.Source.StartActivity("reconcile.repository");
        activity?.SetTag("reconcile.repository", repository.FullName);
        activity?.SetTag("reconcile.instance", instance);
        activity?.SetTag("reconcile.recovering", context.Recovering);

        var started = Stopwatch.GetTimestamp();
        var mode = options.Value.Mode.ToString().ToLowerInvariant();
        var runId = await runs.StartAsync(new RunStart(repository.FullName, instance, context.FireInstanceId, context.Recovering, mode), cancellationToken);
        RunOutcome outcome;
        try
        {
            outcome = await ReconcileAsync(repository, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The replica is stopping. Rethrowing lets Quartz hand the firing back (it requests
            // recovery), so another replica runs this repository again from a fresh snapshot.
            await runs.FinishAsync(runId, new RunOutcome(RunStatus.Cancelled, Reason: "cancelled: the replica was stopping (the run is handed back to the cluster) or the job was interrupted"), CancellationToken.None);
            Record(RunStatus.Cancelled, started, activity);
            throw;
        }
        catch (Exception ex)
        {
            var error = Redact.Secrets($"{ex.GetType().Name}: {ex.Message}");
            logger.LogError("{Repository}: reconcile failed: {Error}", repository.FullName, error);
            outcome = new RunOutcome(RunStatus.Error, Error: error);
        }

        await runs.FinishAsync(runId, outcome, CancellationToken.None);
        Record(outcome.Status, started, activity);
        if (outcome.Status == RunStatus.Error)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Error);
        }
    }

    private async Task<RunOutcome> ReconcileAsync(RepositoryRef repository, CancellationToken cancellationToken)
    {
        if (repository.SkipReason is { } skip)
        {
            return new RunOutcome(RunStatus.Skipped, 0, Reason: skip);
        }

        RepositoryPlan plan;
        try
        {
            var snapshot = await host.ReadAsync(repository, cancellationToken);
            plan = planner.PlanRepository(snapshot, await actionTags.ResolveAsync(snapshot, cancellationToken));
        }
        catch (HostException ex)
        {
            plan = RepositoryPlan.Failed(repository.FullName, ex.Message);
        }
        catch (RepositorySkippedException ex)
        {
            // Found on reading (e.g. an empty repository on GitHub): skipped with the reason, as the CLI's sweep does.
            plan = RepositoryPlan.Skipped(repository.FullName, ex.Reason);
        }

        var result = await executor.ExecuteAsync(plan, cancellationToken);
        return new RunOutcome(RunStatus.Of(result.Status), result.Changes, result.Error, result.Reason ?? plan.Reason);
    }

    private static void Record(string status, long started, Activity? activity)
    {
        var tag = new KeyValuePair<string, object?>("reconcile.status", status);
        WorkerTelemetry.RepositoriesReconciled.Add(1, tag);
        WorkerTelemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
        if (status == RunStatus.Error)
        {
            WorkerTelemetry.Errors.Add(1, new KeyValuePair<string, object?>("reconcile.stage", "repository"));
        }

        activity?.SetTag("reconcile.status", status);
    }
}
