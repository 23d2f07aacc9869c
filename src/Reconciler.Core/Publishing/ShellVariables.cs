using System.Text.RegularExpressions;

namespace Reconciler.Core.Publishing;

/// <summary>The environment variables a shell script reads without a fallback, and the ones it sets itself.</summary>
public static partial class ShellVariables
{
    /// <summary>Set by the runner in every job, or by the shell itself.</summary>
    private static readonly HashSet<string> Given = new(StringComparer.Ordinal) { "HOME", "PATH", "CI", "PWD", "OLDPWD", "SHELL", "USER", "RANDOM", "LANG", "TMPDIR", "IFS", "HOSTNAME" };

    /// <summary>Names read as <c>$NAME</c> or <c>${NAME}</c> (not <c>${NAME:-x}</c>, <c>${NAME-x}</c>, <c>${NAME:+x}</c>, …), outside single quotes.</summary>
    public static IReadOnlySet<string> Reads(string script)
    {
        // ${NAME:+…} reads what is inside only when NAME is set: nothing there can be missing.
        var unquoted = Guarded().Replace(SingleQuoted().Replace(script, "''"), "");
        var assigned = Assigned(unquoted);
        return Read().Matches(unquoted)
            .Where(m => !m.Groups["fallback"].Success)
            .Select(m => m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value)
            .Where(n => !assigned.Contains(n) && !IsRunnerVariable(n))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>What the runner defines in every job: <c>GITHUB_*</c>, <c>RUNNER_*</c>, <c>ACTIONS_*</c> and the shell's own.</summary>
    public static bool IsRunnerVariable(string name) =>
        Given.Contains(name) || name.StartsWith("GITHUB_", StringComparison.Ordinal) || name.StartsWith("RUNNER_", StringComparison.Ordinal)
        || name.StartsWith("ACTIONS_", StringComparison.Ordinal);

    private static HashSet<string> Assigned(string script) =>
        Assignment().Matches(script).Select(m => m.Groups[1].Value)
            .Concat(ReadLoop().Matches(script).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\$(?:\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?<fallback>:?[-+=])?|(?<plain>[A-Za-z_][A-Za-z0-9_]*))", RegexOptions.NonBacktracking)]
    private static partial Regex Read();

    [GeneratedRegex(@"\$\{[A-Za-z_][A-Za-z0-9_]*:?\+[^}]*\}", RegexOptions.NonBacktracking)]
    private static partial Regex Guarded();

    [GeneratedRegex(@"'[^'\n]*'", RegexOptions.NonBacktracking)]
    private static partial Regex SingleQuoted();

    [GeneratedRegex(@"(?:^\s*|[;&|]\s*|\b(?:export|local|readonly|declare)\s+)([A-Za-z_][A-Za-z0-9_]*)=", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\b(?:read(?:\s+-\w+)*|for)\s+((?:[A-Za-z_][A-Za-z0-9_]*\s*)+?)(?:\s+in\b|;|$)", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex ReadLoop();
}
