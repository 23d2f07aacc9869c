using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Reconciler.Core.Hosts;
using Reconciler.Core.Hosts.Folder;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Worker.Configuration;
using Reconciler.Worker.Execution;
using Reconciler.Worker.Scheduling;
using Reconciler.Worker.Storage;
using Reconciler.Worker.Telemetry;

namespace Reconciler.Worker.Hosting;

/// <summary>Everything the worker registers: options, policy and planner, the repository host, the executor by mode, storage, Quartz, telemetry.</summary>
public static class WorkerServices
{
    public const string ConnectionStringName = "Quartz";

    public static IHostApplicationBuilder AddReconcileWorker(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ReconcileOptions.Section);
        var options = Bind(section);
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new WorkerSetupException(
                $"ConnectionStrings__{ConnectionStringName} is not set: the worker keeps its schedule and run log in PostgreSQL, and replicas share them there");
        }

        var services = builder.Services;
        services.AddOptions<ReconcileOptions>().Bind(section);
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<RunLog>();
        services.AddSingleton(_ => LoadPolicy(options.Policy));
        services.AddSingleton(sp => new Planner(sp.GetRequiredService<Policy>()));
        if (!string.IsNullOrWhiteSpace(options.Path))
        {
            services.AddSingleton<IRepositoryHost>(sp =>
                new FolderHost(options.Path, sp.GetRequiredService<Policy>().Spec.Generators.IgnoreFiles));
        }
        else if (!string.IsNullOrWhiteSpace(options.Org))
        {
            GitHubWorkerServices.Add(services, options, builder.Configuration);
        }

        services.TryAddSingleton<IActionTags, NoActionTags>();

        AddExecutor(services, options.Mode);

        // Before Quartz's hosted service: its scheduler validates the schema this creates.
        services.AddHostedService<WorkerStartup>();
        QuartzSetup.Add(services, options, connectionString);

        if (options.ConsoleTelemetry)
        {
            services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService(WorkerTelemetry.ServiceName))
                .WithTracing(tracing => tracing.AddSource(WorkerTelemetry.Name).AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddMeter(WorkerTelemetry.Name).AddConsoleExporter());
        }

        return builder;
    }

    /// <summary>
    /// Registers the applier apply mode hands plans to. With <c>Reconcile__Org</c> (and no <c>Reconcile__Path</c>) the
    /// worker registers the GitHub applier itself; a registration made first wins.
    /// </summary>
    public static IServiceCollection AddRepositoryApplier<TApplier>(this IServiceCollection services)
        where TApplier : class, IRepositoryApplier
    {
        services.TryAddSingleton<IRepositoryApplier, TApplier>();
        return services;
    }

    private static void AddExecutor(IServiceCollection services, ReconcileMode mode)
    {
        switch (mode)
        {
            case ReconcileMode.Plan:
                services.AddSingleton<IPlanExecutor, PlanOnlyExecutor>();
                break;
            case ReconcileMode.Apply:
                // Resolved lazily so WorkerStartup can say what is missing instead of a DI stack trace.
                services.AddSingleton<IPlanExecutor>(sp => new ApplyPlanExecutor(
                    sp.GetService<IRepositoryApplier>() ?? throw new WorkerSetupException(NoApplierMessage)));
                break;
            default:
                throw new WorkerSetupException($"Reconcile__Mode must be plan or apply, not {mode}");
        }
    }

    internal const string NoApplierMessage =
        "Reconcile__Mode=apply, but no repository applier is registered, so nothing could carry a plan out. "
        + "Register one (services.AddRepositoryApplier<T>(), e.g. the GitHub applier), or run with Reconcile__Mode=plan.";

    private static ReconcileOptions Bind(IConfigurationSection section)
    {
        try
        {
            return section.Get<ReconcileOptions>() ?? new ReconcileOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value (e.g. Reconcile:Mode = 'aply').
            throw new WorkerSetupException($"the Reconcile settings can't be read: {ex.Message}", ex);
        }
    }

    private static Policy LoadPolicy(string? path)
    {
        try
        {
            return string.IsNullOrWhiteSpace(path) ? PolicyLoader.LoadBuiltIn() : PolicyLoader.LoadFile(path);
        }
        catch (PolicyException ex)
        {
            throw new WorkerSetupException($"Reconcile__Policy: the policy is not valid: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new WorkerSetupException($"Reconcile__Policy: {path} could not be read: {ex.Message}", ex);
        }
    }
}
