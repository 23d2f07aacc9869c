using Reconciler.Worker.Hosting;

// The hosted worker: a Quartz scheduler clustered on PostgreSQL that sweeps the org on a cron and
// reconciles one repository per job. Configuration keys are in docs/worker.md.
var builder = Host.CreateApplicationBuilder(args);
try
{
    builder.AddReconcileWorker();
    using var host = builder.Build();
    await host.RunAsync();
    return 0;
}
catch (WorkerSetupException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 2;
}
