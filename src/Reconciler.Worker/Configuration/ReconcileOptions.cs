namespace Reconciler.Worker.Configuration;

/// <summary>The worker's settings, bound from the <c>Reconcile</c> section (env: <c>Reconcile__Key</c>). See docs/worker.md.</summary>
public sealed class ReconcileOptions
{
    public const string Section = "Reconcile";

    /// <summary>The GitHub organisation to keep converged: with no <see cref="Path"/>, the worker reconciles it on GitHub.</summary>
    public string? Org { get; set; }

    /// <summary>When the org is swept: a Quartz cron (6–7 fields, seconds first) or a Unix cron (5 fields).</summary>
    public string Schedule { get; set; } = "0 0 * * * ?";

    /// <summary>
    /// Also sweep once whenever a replica starts, instead of waiting for the schedule. Off by default:
    /// a rolling restart of N replicas would sweep N times (harmless — re-sweeps don't pile up — but wasted reads).
    /// </summary>
    public bool SweepOnStart { get; set; }

    /// <summary>Path to a policy file; empty means the policy built into Reconciler.Core.</summary>
    public string? Policy { get; set; }

    public ReconcileMode Mode { get; set; } = ReconcileMode.Plan;

    /// <summary>A folder of working trees to reconcile offline instead of GitHub.</summary>
    public string? Path { get; set; }

    /// <summary>The GitHub REST API root (GitHub Enterprise Server: https://HOST/api/v3/). Used when <see cref="Org"/> is set and <see cref="Path"/> is not.</summary>
    public string? ApiUrl { get; set; }

    /// <summary>Keeps conditional-request (ETag) answers on disk, so a restarted replica still pays nothing for unchanged repositories.</summary>
    public string? CacheDir { get; set; }

    /// <summary>How often a replica records in the database that it is alive.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long past a missed check-in the others wait before recovering a replica's work.</summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an idle replica waits before looking for new work in the database. A replica is woken at
    /// once only by work it scheduled itself, so this bounds how soon the others join a sweep.
    /// </summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Repositories one replica reconciles at once (each is one Quartz thread).</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Writes traces and metrics to the console (OpenTelemetry console exporter).</summary>
    public bool ConsoleTelemetry { get; set; }
}

public enum ReconcileMode
{
    /// <summary>Plan every repository and record the plan; write nothing.</summary>
    Plan,

    /// <summary>Plan, then hand the plan to the registered applier.</summary>
    Apply,
}
