namespace Reconciler.Cli;

/// <summary>Exit codes (docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A repository could not be evaluated, or bad arguments, or a bad policy.</summary>
    public const int Failure = 1;

    /// <summary>With --detailed-exitcode: drift and no failure.</summary>
    public const int Drift = 2;
}
