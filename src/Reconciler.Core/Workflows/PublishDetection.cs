using System.Text.RegularExpressions;

namespace Reconciler.Core.Workflows;

/// <summary>
/// Whether a step, job or workflow uploads a package to a registry. Deliberately simple: the
/// commands and actions issue 4 lists. The publish-topology work may extend these lists; the
/// concurrency and cache rules only need "does this workflow publish".
/// </summary>
public static partial class PublishDetection
{
    /// <summary>Actions (owner/repo, or owner/repo/path) whose use publishes a package.</summary>
    public static readonly string[] PublishingActions =
    [
        "pypa/gh-action-pypi-publish",
        "rubygems/release-gem",
        "JS-DevTools/npm-publish",
        "changesets/action", // publishes only with a `publish:` input; see IsPublishingStep
    ];

    /// <summary>
    /// Scripts come from repositories: the non-backtracking engine keeps the match linear in the script's
    /// length (a backtracking <c>gradle [^\n]* publish</c> is quadratic on a long line). It has no lookahead,
    /// so the Gradle task that only installs locally is masked (<see cref="MaskLocalInstall"/>) rather than excluded here.
    /// </summary>
    [GeneratedRegex(
        @"(^|[\s;&|(`])(" +
        @"poetry(\s+-[\w-]+)*\s+publish|twine\s+upload|uv\s+publish|hatch\s+publish|flit\s+publish|" +
        @"npm\s+publish|(npx\s+(-y\s+)?npm(@\S+)?\s+publish)|yarn\s+(npm\s+)?publish|pnpm\s+(-r\s+)?publish|" +
        @"(\./)?gradlew?\s+[^\n]*\b(publish\w*|sonatypeCentralUpload)\b|mvn\s+[^\n]*\bdeploy\b|" +
        @"dotnet\s+nuget\s+push|gem\s+push|cargo\s+publish)",
        RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex PublishCommand();

    /// <summary>Gradle's task that publishes to the local Maven repository only: not an upload.</summary>
    private const string LocalInstall = "publishToMavenLocal";

    /// <summary>The publish command a script runs, or null.</summary>
    public static string? PublishCommandIn(string? script)
    {
        if (script is null)
        {
            return null;
        }

        var m = PublishCommand().Match(MaskLocalInstall(script));
        return m.Success ? script.Substring(m.Groups[2].Index, m.Groups[2].Length).Trim() : null;
    }

    /// <summary>
    /// The script with <c>publishToMavenLocal</c> upper-cased, so that no publishing pattern (all lower case)
    /// reads it as a publish task; same length, so match positions index the original.
    /// </summary>
    private static string MaskLocalInstall(string script) =>
        script.Contains(LocalInstall, StringComparison.Ordinal)
            ? script.Replace(LocalInstall, LocalInstall.ToUpperInvariant(), StringComparison.Ordinal)
            : script;

    public static bool IsPublishingStep(Step step)
    {
        if (PublishCommandIn(step.Run) is not null)
        {
            return true;
        }

        if (step.Uses is not { } uses || ActionReference.Parse(uses) is not { IsRemote: true } r)
        {
            return false;
        }

        if (r.Action.Equals("changesets/action", StringComparison.OrdinalIgnoreCase))
        {
            return step.With?.Text("publish") is not null;
        }

        return PublishingActions.Any(a => a.Equals(r.Name, StringComparison.OrdinalIgnoreCase) || a.Equals(r.Action, StringComparison.OrdinalIgnoreCase));
    }

    public static bool Publishes(Job job) => job.Steps.Any(IsPublishingStep);

    public static bool Publishes(Workflow workflow) => workflow.Jobs.Any(Publishes);
}
