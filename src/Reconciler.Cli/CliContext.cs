using Reconciler.Core.Hosts.GitHub;

namespace Reconciler.Cli;

/// <summary>
/// What the CLI takes from its surroundings: environment variables, whether a person is at the terminal, standard
/// input for confirmations, and GitHub pacing (tests pass a clock that never sleeps).
/// </summary>
public sealed record CliContext
{
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>True when standard input is a terminal (apply may ask for confirmation).</summary>
    public bool IsInteractive { get; init; } = !Console.IsInputRedirected;

    public TextReader Input { get; init; } = Console.In;

    /// <summary>Pacing for GitHub calls; the default waits for real and announces waits on standard error.</summary>
    public Func<TextWriter, GitHubPacing>? Pacing { get; init; }

    public static CliContext Default => new();
}
