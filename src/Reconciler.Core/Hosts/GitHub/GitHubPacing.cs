namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// The clock and the pacing rules for talking to GitHub: read concurrency, write spacing, the
/// content-creation budget and back-off. The clock and the wait are injectable so tests never sleep.
/// </summary>
public sealed class GitHubPacing
{
    /// <summary>GitHub's documented content-creation limits.</summary>
    public const int ContentPerMinute = 80;

    public const int ContentPerHour = 500;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Waits; tests replace it with one that advances a fake clock.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = (d, ct) => d <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(d, TimeProvider.System, ct);

    /// <summary>At most this many GETs in flight at once.</summary>
    public int ReadConcurrency { get; init; } = 4;

    /// <summary>Mutating requests are sent one at a time, at least this far apart.</summary>
    public TimeSpan WriteSpacing { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries for 5xx, timeouts and connection failures (exponential back-off from <see cref="BackoffBase"/>).</summary>
    public int MaxServerRetries { get; init; } = 3;

    /// <summary>Retries after a rate-limit answer (403/429).</summary>
    public int MaxRateLimitRetries { get; init; } = 5;

    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait for a secondary limit without Retry-After and with budget left: GitHub says at least a minute.</summary>
    public TimeSpan SecondaryBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A single wait longer than this is not taken: the request fails with the rate-limit error instead.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromHours(1.05);

    /// <summary>How long one attempt may take before it counts as a timeout and is retried.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where waits are announced (e.g. standard error); null to stay quiet.</summary>
    public Action<string>? Notice { get; init; }

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>
    /// How long a rollout of <paramref name="contentRequests"/> content-creating requests takes under the
    /// write spacing and the 80/minute, 500/hour budget.
    /// </summary>
    public TimeSpan EstimateDuration(int contentRequests)
    {
        if (contentRequests <= 0)
        {
            return TimeSpan.Zero;
        }

        var spacing = WriteSpacing * (contentRequests - 1);
        var hours = (contentRequests - 1) / ContentPerHour;
        var inLastHour = contentRequests - (hours * ContentPerHour);
        var minutes = (inLastHour - 1) / ContentPerMinute;
        var budget = TimeSpan.FromHours(hours) + TimeSpan.FromMinutes(minutes);
        return budget > spacing ? budget : spacing;
    }
}
