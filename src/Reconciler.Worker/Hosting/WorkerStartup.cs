using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using Reconciler.Core.Hosts;
using Reconciler.Core.Hosts.GitHub;
using Reconciler.Core.Planning;
using Reconciler.Worker.Configuration;
using Reconciler.Worker.Execution;
using Reconciler.Worker.Storage;

namespace Reconciler.Worker.Hosting;

/// <summary>
/// Runs before the scheduler starts: refuses a configuration that can't work (with the key to fix),
/// and creates the tables on a fresh database. Then says which replica this is.
/// </summary>
internal sealed class WorkerStartup(
    IServiceProvider services,
    NpgsqlDataSource dataSource,
    IOptions<ReconcileOptions> options,
    ILogger<WorkerStartup> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        Check();
        await SchemaBootstrapper.EnsureAsync(dataSource, cancellationToken);
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        var o = options.Value;
        // Deliberately no connection string here: it carries the database password.
        logger.LogInformation(
            "reconcile worker {Instance} started: org {Org}, mode {Mode}, schedule '{Schedule}', repositories from {Host}",
            scheduler.SchedulerInstanceId,
            string.IsNullOrWhiteSpace(o.Org) ? "(not set)" : o.Org,
            o.Mode,
            o.Schedule,
            RepositorySource(o));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string RepositorySource(ReconcileOptions o) =>
        !string.IsNullOrWhiteSpace(o.Path) ? o.Path
        : services.GetService<GitHubHost>() is { } github ? "GitHub at " + github.Connection.Options.ApiUrl
        : services.GetRequiredService<IRepositoryHost>().GetType().Name;

    private void Check()
    {
        if (services.GetService<IRepositoryHost>() is null)
        {
            throw new WorkerSetupException(
                "no repository host: set Reconcile__Org (with GITHUB_TOKEN or a GitHub App) to reconcile an organization on GitHub, or Reconcile__Path to a folder of repositories");
        }

        if (options.Value.Mode == ReconcileMode.Apply && services.GetService<IRepositoryApplier>() is null)
        {
            throw new WorkerSetupException(WorkerServices.NoApplierMessage);
        }

        // Loads and validates the policy now, not at the first sweep.
        services.GetRequiredService<Planner>();
        services.GetRequiredService<IPlanExecutor>();
    }
}
