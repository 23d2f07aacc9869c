using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using Reconciler.Core.Hosts;
using Reconciler.Worker.Hosting;
using Reconciler.Worker.Scheduling;

namespace Reconciler.Worker.Tests.Support;

/// <summary>
/// One worker replica: the real host, built the way Program.cs builds it, with test settings (fast
/// check-ins, a sweep schedule that never fires by itself) and optionally a test repository host.
/// </summary>
internal sealed class WorkerNode : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private WorkerNode(IHost host, IScheduler scheduler)
    {
        _host = host;
        Scheduler = scheduler;
    }

    public IScheduler Scheduler { get; }

    public string InstanceId => Scheduler.SchedulerInstanceId;

    public IServiceProvider Services => _host.Services;

    public static Dictionary<string, string?> Settings(string connectionString, string orgPath) => new()
    {
        ["ConnectionStrings:Quartz"] = connectionString,
        ["Reconcile:Org"] = "acme",
        ["Reconcile:Path"] = orgPath,
        // Sweeps are triggered by the tests; the cron is only there to be valid.
        ["Reconcile:Schedule"] = "0 0 0 1 1 ? 2099",
        ["Reconcile:CheckinInterval"] = "00:00:01",
        // Wide enough that a busy 2-core machine doesn't make a live replica look dead.
        ["Reconcile:CheckinMisfireThreshold"] = "00:00:07",
        ["Reconcile:IdleWaitTime"] = "00:00:01",
        ["Reconcile:MaxConcurrency"] = "2",
    };

    public static Task<WorkerNode> StartAsync(string connectionString, string orgPath, IRepositoryHost? repositories = null) =>
        StartAsync(Settings(connectionString, orgPath), services =>
        {
            if (repositories is not null)
            {
                services.AddSingleton(repositories);
            }
        });

    public static async Task<WorkerNode> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddReconcileWorker();
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        return new WorkerNode(host, scheduler);
    }

    /// <summary>Fires the org sweep now, as the cron would.</summary>
    public Task SweepAsync() => Scheduler.TriggerJob(SweepOrgJob.Key).AsTask();

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
