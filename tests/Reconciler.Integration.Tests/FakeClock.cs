using Reconciler.Core.Hosts.GitHub;

namespace Reconciler.Integration.Tests;

/// <summary>A clock that only moves when something waits on it: pacing and back-off are recorded, never slept.</summary>
public sealed class FakeClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _waits = [];
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_lock)
            {
                return [.. _waits];
            }
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
        }
    }

    public Task Delay(TimeSpan wait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _waits.Add(wait);
            if (wait > TimeSpan.Zero)
            {
                _now += wait;
            }
        }

        return Task.CompletedTask;
    }

    public GitHubPacing Pacing(int readConcurrency = 4) => new() { Time = this, Delay = Delay, ReadConcurrency = readConcurrency };
}
