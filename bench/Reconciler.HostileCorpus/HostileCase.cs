namespace Reconciler.HostileCorpus;

/// <summary>What a case must end in, besides not crashing or hanging.</summary>
public enum Expect
{
    /// <summary>The neighbouring repository is planned (drift or in-sync) whatever the hostile one does.</summary>
    NeighbourPlanned,

    /// <summary>Bad arguments or a bad policy: exit 1 with a short message, no stack trace (the sweep can't start).</summary>
    CleanError,

    /// <summary>Either of the two: a policy that may load or be refused.</summary>
    NeighbourOrCleanError,
}

/// <summary>
/// One hostile input. <see cref="Prepare"/> writes it into the case's folder and says how to run the CLI;
/// <see cref="Check"/> (optional) looks at the result for a harm that isn't a crash: a leak, an ignored opt-out,
/// raw control characters, a silent "0 repositories".
/// </summary>
public sealed record HostileCase(
    string Id,
    string Category,
    string Item,
    Func<CaseFolder, Invocation> Prepare,
    Expect Expect = Expect.NeighbourPlanned,
    Func<CaseFolder, Outcome, string?>? Check = null);

/// <summary>How to run one case: CLI arguments (after the dll), extra environment, a server to keep up meanwhile.</summary>
public sealed record Invocation(IReadOnlyList<string> Args)
{
    public bool TextFormat { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Started before the CLI and disposed after it (an HTTP stub).</summary>
    public IAsyncDisposable? Server { get; init; }

    /// <summary>Runs in this process instead of a CLI process (tampered plans against the double); returns the outcome.</summary>
    public Func<CancellationToken, Task<Outcome>>? InProcess { get; init; }
}

/// <summary>What one run did.</summary>
public sealed record Outcome(int Exit, string Stdout, string Stderr, TimeSpan Elapsed, long PeakKb, bool TimedOut, bool MemoryKilled)
{
    /// <summary>CPU time the CLI process used (user + system); zero for cases run in this process.</summary>
    public TimeSpan Cpu { get; init; }
}

/// <summary>The verdict on one case.</summary>
public sealed record Result(HostileCase Case, Outcome Outcome, string Verdict, string Detail);
