namespace Reconciler.Core.Planning;

/// <summary>Bounds that keep one hostile repository from holding up a whole sweep.</summary>
public static class PlanningLimits
{
    /// <summary>How long one repository may take to plan before it is reported "too complex to plan".</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Timeout of the few patterns over repository text that need lookaround, which the linear
    /// (non-backtracking) engine lacks. A match takes microseconds on real workflows.
    /// </summary>
    public const int RegexTimeoutMilliseconds = 2000;
}

/// <summary>A repository took longer than its planning budget, or a pattern match over its files timed out.</summary>
public sealed class TooComplexToPlanException(string message) : Exception(message);

/// <summary>When one repository's planning budget runs out; checked between files and between rules.</summary>
internal readonly struct PlanningDeadline(TimeSpan budget)
{
    private readonly long _start = System.Diagnostics.Stopwatch.GetTimestamp();

    public void Check()
    {
        if (System.Diagnostics.Stopwatch.GetElapsedTime(_start) >= budget)
        {
            throw new TooComplexToPlanException($"took longer than the {budget.TotalSeconds:0.###} s planning budget");
        }
    }
}
