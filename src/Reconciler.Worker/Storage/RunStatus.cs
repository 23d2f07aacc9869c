using Reconciler.Core.Planning;

namespace Reconciler.Worker.Storage;

/// <summary>The <c>reconcile_runs.status</c> vocabulary: the plan's statuses plus those a job adds.</summary>
public static class RunStatus
{
    public const string Running = "running";
    public const string Drift = "drift";
    public const string InSync = "in-sync";
    public const string Error = "error";
    public const string Skipped = "skipped";

    /// <summary>The replica was stopping; the firing was handed back for another replica to run.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The replica running it died; a recovered run on another replica took over.</summary>
    public const string Abandoned = "abandoned";

    public static string Of(RepositoryStatus status) => status switch
    {
        RepositoryStatus.Drift => Drift,
        RepositoryStatus.InSync => InSync,
        RepositoryStatus.Skipped => Skipped,
        _ => Error,
    };
}
