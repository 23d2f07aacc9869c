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

    [GeneratedRegex(
        @"(^|[\s;&|(`])(" +
        @"poetry\s+(--?[\w-]+\s+)*publish|twine\s+upload|uv\s+publish|hatch\s+publish|flit\s+publish|" +
        @"npm\s+publish|(npx\s+(-y\s+)?npm(@\S+)?\s+publish)|yarn\s+(npm\s+)?publish|pnpm\s+(-r\s+)?publish|" +
        @"(\./)?gradlew?\s+[^\n]*\b(publish(?!ToMavenLocal)\w*|sonatypeCentralUpload)\b|mvn\s+[^\n]*\bdeploy\b|" +
        @"dotnet\s+nuget\s+push|gem\s+push|cargo\s+publish)",
        RegexOptions.Multiline)]
    private static partial Regex PublishCommand();

    /// <summary>The publish command a script runs, or null.</summary>
    public static string? PublishCommandIn(string? script)
    {
        if (script is null)
        {
            return null;
        }

        var m = PublishCommand().Match(script);
        return m.Success ? m.Groups[2].Value.Trim() : null;
    }

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
