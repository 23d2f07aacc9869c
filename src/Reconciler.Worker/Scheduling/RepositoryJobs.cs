using Quartz;
using Reconciler.Core.Hosts;

namespace Reconciler.Worker.Scheduling;

/// <summary>
/// One durable Quartz job per repository, keyed by its full name, so a re-sweep finds the job it made
/// last time instead of adding another, and <c>[DisallowConcurrentExecution]</c> holds per repository.
/// </summary>
public static class RepositoryJobs
{
    public const string Group = "repository";

    /// <summary>Repository runs are limited per replica by this group (see QuartzSetup); the sweep is outside it.</summary>
    public const string ExecutionGroup = "repository";

    private const string RepositoryKey = "repository";
    private const string TopicsKey = "topics";
    private const string SkipReasonKey = "skipReason";

    public static JobKey JobKey(string fullName) => new(fullName, Group);

    public static TriggerKey TriggerKey(string fullName) => new(fullName, Group);

    /// <summary>
    /// Stores (or refreshes) the repository's job and asks for one run now. A run still waiting or
    /// under way is kept, not doubled: the result says <see cref="ScheduleOutcome.Kept"/>.
    /// </summary>
    public static async Task<ScheduleOutcome> EnqueueAsync(IScheduler scheduler, RepositoryRef repository, CancellationToken cancellationToken)
    {
        var key = JobKey(repository.FullName);
        var job = JobBuilder.Create<ReconcileRepositoryJob>()
            .WithIdentity(key)
            .WithDescription($"Reconcile {repository.FullName}")
            .StoreDurably()
            // A replica that dies mid-run leaves the firing to the others: reconciling is idempotent.
            .RequestRecovery()
            .UsingJobData(RepositoryKey, repository.FullName)
            // Strings only: the job data round-trips through JSON in the database.
            .UsingJobData(TopicsKey, string.Join(',', repository.Topics))
            .UsingJobData(SkipReasonKey, repository.SkipReason ?? "")
            .Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);

        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(TriggerKey(repository.FullName))
            .ForJob(key)
            .WithExecutionGroup(ExecutionGroup)
            .StartNow()
            .Build();
        var result = await scheduler.ScheduleTrigger(trigger, TriggerConflict.Keep, cancellationToken);
        return result.Outcome;
    }

    /// <summary>The repository a job was made for, as the sweep listed it.</summary>
    public static RepositoryRef Read(JobDataMap data)
    {
        var name = Text(data, RepositoryKey);
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidOperationException("the job carries no repository name");
        }

        var topics = Text(data, TopicsKey)?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var skip = Text(data, SkipReasonKey);
        return new RepositoryRef(name, topics, string.IsNullOrEmpty(skip) ? null : skip);
    }

    private static string? Text(JobDataMap data, string key) => data.TryGetValue(key, out var value) ? value?.ToString() : null;
}
