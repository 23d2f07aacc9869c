using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Reconciler.Worker.Telemetry;

/// <summary>The worker's traces and metrics. Names are stable: dashboards and alerts are built on them.</summary>
public static class WorkerTelemetry
{
    public const string Name = "Reconciler.Worker";

    /// <summary>The OpenTelemetry service name every replica reports under.</summary>
    public const string ServiceName = "reconcile-worker";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Repositories reconciled, tagged with the outcome (drift, in-sync, error, skipped, cancelled).</summary>
    public static readonly Counter<long> RepositoriesReconciled =
        Meter.CreateCounter<long>("reconcile.repositories", unit: "{repository}", description: "Repositories reconciled, by outcome.");

    /// <summary>Reconciliations that ended in error, and sweeps that could not list the org.</summary>
    public static readonly Counter<long> Errors =
        Meter.CreateCounter<long>("reconcile.errors", unit: "{error}", description: "Repository reconciliations and sweeps that failed.");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "reconcile.duration",
        unit: "s",
        description: "Time to read, plan and execute one repository.",
        tags: null,
        // Seconds, from a cached read (tens of milliseconds) to an apply that waits on rate limits (minutes).
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });

    public static readonly Counter<long> RepositoriesScheduled =
        Meter.CreateCounter<long>("reconcile.sweep.scheduled", unit: "{repository}", description: "Repository jobs a sweep enqueued (kept ones excluded).");
}
