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

    /// <summary>
    /// Deletes the jobs of repositories the host no longer lists (deleted, renamed, out of the policy's
    /// selection), so the store doesn't grow for ever. A job with a run waiting or under way is left
    /// alone; the next sweep takes it.
    /// </summary>
    public static async Task<int> PruneAsync(IScheduler scheduler, IReadOnlySet<string> listed, CancellationToken cancellationToken)
    {
        const int page = 200;
        var stale = new List<JobKey>();
        for (var skip = 0; ; skip += page)
        {
            var jobs = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(Group), Skip = skip, Take = page }, cancellationToken);
            stale.AddRange(jobs.Items.Select(j => j.Key).Where(k => !listed.Contains(k.Name)));
            if (!jobs.HasMore)
            {
                break;
            }
        }

        var pruned = 0;
        foreach (var key in stale)
        {
            if (await scheduler.Exists(TriggerKey(key.Name), cancellationToken))
            {
                continue;
            }

            var firing = await scheduler.QueryFireInstances(new FireInstanceQuery { Job = key, Take = 1 }, cancellationToken);
            if (firing.Items.Count > 0)
            {
                continue;
            }

            if (await scheduler.DeleteJob(key, cancellationToken))
            {
                pruned++;
            }
        }

        return pruned;
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
