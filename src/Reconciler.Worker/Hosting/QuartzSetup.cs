using Quartz;
using Quartz.Impl.AdoJobStore;
using Reconciler.Worker.Configuration;
using Reconciler.Worker.Scheduling;

namespace Reconciler.Worker.Hosting;

/// <summary>
/// The Quartz scheduler: a clustered AdoJobStore on PostgreSQL. Every replica runs the same scheduler
/// name against the same tables; the database row locks decide which replica fires each trigger, and
/// check-ins tell the others when a replica has died so its recoverable firings run elsewhere.
/// </summary>
internal static class QuartzSetup
{
    public const string SchedulerName = "reconcile";
    public const string TablePrefix = "qrtz_";

    public static void Add(IServiceCollection services, ReconcileOptions options, string connectionString)
    {
        var cron = CronSchedule(options.Schedule);
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = SchedulerName;
                scheduler.IdleWaitTime = options.IdleWaitTime;
                // Instance id stays AUTO: clustering generates a unique one per replica (host name + time).
                // On a graceful stop, running jobs are asked to stop and hand their firing back.
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });
            // One thread more than repositories may use, so the sweep always has one: slow repositories
            // must not starve the job that enqueues the next round.
            var repositories = Math.Max(1, options.MaxConcurrency);
            quartz.UseDefaultThreadPool(repositories + 1);
            quartz.UseExecutionLimits(limits => limits.ForGroup(RepositoryJobs.ExecutionGroup, repositories, ExecutionLimitScope.Node));
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                // Said outright rather than left to the provider's default: SQL written for PostgreSQL.
                store.UseDriverDelegate<PostgreSQLDelegate>();
                store.UseSystemTextJsonSerializer();
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = options.CheckinInterval;
                    cluster.CheckinMisfireThreshold = options.CheckinMisfireThreshold;
                });
                store.ConfigureStore(ado =>
                {
                    ado.TablePrefix = TablePrefix;
                    // WorkerStartup creates the tables from our own DDL; Quartz checks them.
                    ado.SchemaProvisioning = SchemaProvisioning.Validate;
                    ado.RecoverFiringsCancelledByShutdown = true;
                });
            });

            quartz.AddJobType<ReconcileRepositoryJob>();
            quartz.ScheduleJob<SweepOrgJob>(
                trigger => trigger
                    .WithIdentity(SweepOrgJob.ScheduleKey)
                    .WithDescription("Sweep the org on Reconcile__Schedule")
                    // A sweep missed while every replica was down is not worth catching up on: the next one covers it.
                    .WithSchedule(cron.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)),
                // A sweep whose replica dies part-way is run again elsewhere: the repositories it had not
                // enqueued yet would otherwise wait for the next cron fire. Re-running it is harmless.
                job => job.WithIdentity(SweepOrgJob.Key).StoreDurably().RequestRecovery());
            if (options.SweepOnStart)
            {
                quartz.RunAtStartup(SweepOrgJob.Key);
            }
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
    }

    /// <summary>Quartz's cron (seconds first, 6–7 fields) or the Unix crontab's 5 fields.</summary>
    public static CronScheduleBuilder CronSchedule(string expression)
    {
        var text = expression.Trim();
        var format = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 5 ? CronFormat.Unix : CronFormat.Quartz;
        try
        {
            return CronScheduleBuilder.Create(text, format);
        }
        catch (FormatException ex)
        {
            throw new WorkerSetupException($"Reconcile__Schedule '{expression}' is not a cron expression: {ex.Message}", ex);
        }
    }
}
