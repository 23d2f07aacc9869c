using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Reconciler.Core.Planning;
using Reconciler.Worker.Execution;
using Reconciler.Worker.Hosting;
using Reconciler.Worker.Tests.Support;

namespace Reconciler.Worker.Tests;

/// <summary>Configurations the worker can't run with fail at startup, naming the key to fix; apply mode hands plans to the applier.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task Apply_mode_without_an_applier_refuses_to_start_and_says_what_to_register()
    {
        await using var db = await FreshDatabase.CreateAsync();
        using var org = TestOrg.Create();
        var settings = WorkerNode.Settings(db.ConnectionString, org.Path);
        settings["Reconcile:Mode"] = "apply";

        var error = await Assert.ThrowsAsync<WorkerSetupException>(() => WorkerNode.StartAsync(settings));

        Assert.Contains("Reconcile__Mode=apply", error.Message);
        Assert.Contains("AddRepositoryApplier", error.Message);
    }

    [Fact]
    public async Task Apply_mode_hands_drifted_plans_to_the_registered_applier_and_records_its_result()
    {
        await using var db = await FreshDatabase.CreateAsync();
        using var org = TestOrg.Create();
        var settings = WorkerNode.Settings(db.ConnectionString, org.Path);
        settings["Reconcile:Mode"] = "apply";
        var applier = new RecordingApplier();
        await using var node = await WorkerNode.StartAsync(settings, services => services.AddSingleton<IRepositoryApplier>(applier));

        await node.SweepAsync();
        var runs = await Runs.QuietAsync(db, org.Repositories.Count);

        Assert.NotEmpty(applier.Applied);
        Assert.All(applier.Applied, plan => Assert.Equal(RepositoryStatus.Drift, plan.Status));
        Assert.All(runs.Where(r => applier.Applied.Any(p => p.Repository == r.Repository)), r => Assert.Equal("in-sync", r.Status));
        Assert.Equal(
            await Runs.CountAsync(db.DataSource, "SELECT count(*) FROM reconcile_runs WHERE mode = 'apply'"),
            org.Repositories.Count);
    }

    [Fact]
    public async Task Sweep_on_start_reconciles_the_org_without_waiting_for_the_schedule()
    {
        await using var db = await FreshDatabase.CreateAsync();
        using var org = TestOrg.Create();
        var settings = WorkerNode.Settings(db.ConnectionString, org.Path);
        settings["Reconcile:SweepOnStart"] = "true";

        await using var node = await WorkerNode.StartAsync(settings);
        var runs = await Runs.QuietAsync(db, org.Repositories.Count);

        Assert.Equal(org.Repositories, runs.Select(r => r.Repository).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_connection_string_is_a_setup_error_naming_the_key()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        var error = Assert.Throws<WorkerSetupException>(() => builder.AddReconcileWorker());

        Assert.Contains("ConnectionStrings__Quartz", error.Message);
    }

    [Fact]
    public async Task No_repository_host_is_a_setup_error_naming_the_key()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var settings = WorkerNode.Settings(db.ConnectionString, "");
        settings["Reconcile:Org"] = "";

        var error = await Assert.ThrowsAsync<WorkerSetupException>(() => WorkerNode.StartAsync(settings));

        Assert.Contains("Reconcile__Path", error.Message);
        Assert.Contains("Reconcile__Org", error.Message);
    }

    [Fact]
    public void A_mode_that_is_neither_plan_nor_apply_is_a_setup_error_naming_the_key()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:Quartz"] = "Host=127.0.0.1;Database=unused";
        builder.Configuration["Reconcile:Mode"] = "aply";

        var error = Assert.Throws<WorkerSetupException>(() => builder.AddReconcileWorker());

        Assert.Contains("Reconcile:Mode", error.Message);
    }

    [Theory]
    [InlineData("0 0 * * * ?")]
    [InlineData("0 0/15 * * * ? *")]
    [InlineData("*/15 * * * *")]
    [InlineData("@hourly")]
    public void Quartz_and_unix_cron_schedules_are_accepted(string schedule) =>
        Assert.NotNull(QuartzSetup.CronSchedule(schedule).Build());

    [Fact]
    public void A_schedule_that_is_not_cron_is_a_setup_error_naming_the_key()
    {
        var error = Assert.Throws<WorkerSetupException>(() => QuartzSetup.CronSchedule("every hour"));

        Assert.Contains("Reconcile__Schedule", error.Message);
    }

    /// <summary>An applier that converges every plan it is handed, and remembers them.</summary>
    private sealed class RecordingApplier : IRepositoryApplier
    {
        private readonly List<RepositoryPlan> _applied = [];

        public IReadOnlyList<RepositoryPlan> Applied
        {
            get
            {
                lock (_applied)
                {
                    return [.. _applied];
                }
            }
        }

        public Task<ExecutionResult> ApplyAsync(RepositoryPlan plan, CancellationToken cancellationToken)
        {
            lock (_applied)
            {
                _applied.Add(plan);
            }

            return Task.FromResult(new ExecutionResult(RepositoryStatus.InSync, plan.Changes.Count));
        }
    }
}
