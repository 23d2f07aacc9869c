using System.Text.RegularExpressions;
using Reconciler.Core.Workflows;

namespace Reconciler.Core.Publishing;

/// <summary>
/// Third-party release tools and registry commands that publish on their own terms (they version,
/// tag and upload in one run, or write to the registry without an artifact). Reconcile can't turn
/// them into a pack step, so a job using one is reported with the tool's own way to keep the build
/// away from the credential. The job's grants are left as they are: the tool needs them.
/// </summary>
public static partial class ReleaseTools
{
    /// <summary>One tool: how to tell it from a step, and how its users separate building from publishing.</summary>
    private sealed record Tool(string Name, Func<Step, bool> Matches, string What, string Fix);

    private static readonly Tool[] Tools =
    [
        new("changesets", s => ActionIs(s, "changesets/action") && (ActionName(s)!.Length > "changesets/action".Length || s.With?.Find("publish") is not null) || RunMatches(s, ChangesetPublish()),
            "which versions and uploads every changed package in one run",
            "let `changesets/action` (without `publish:`) or `changeset version` only open the version PR, and run `changeset publish` (or `npm publish` of a packed tarball) in a job that only downloads the built packages, holds the token or `id-token: write`, and runs in a protected environment"),
        new("python-semantic-release", s => ActionIs(s, "python-semantic-release/python-semantic-release") || ActionIs(s, "python-semantic-release/publish-action") || RunMatches(s, PythonSemanticRelease()),
            "which versions, builds, tags and uploads to the GitHub release in one run",
            "let `python-semantic-release` version, tag and build with `--no-push`/`build_command` only, upload `dist/` as an artifact, and publish it from a job that downloads it and runs `pypa/gh-action-pypi-publish` with `id-token: write` in a protected environment"),
        new("semantic-release", s => ActionIs(s, "cycjimmy/semantic-release-action") || RunMatches(s, SemanticRelease()),
            "which versions, tags and uploads in one run",
            "configure `@semantic-release/npm` with `npmPublish: false` (and `tarballDir`) so semantic-release only versions, tags and packs; upload the tarball as an artifact and run `npm publish <tarball>` in a job that needs it and alone holds the token or `id-token: write`"),
        new("release-plz", s => (ActionIs(s, "release-plz/action") && s.With?.Text("command") != "release-pr") || RunMatches(s, ReleasePlz()),
            "which versions, tags and uploads the crates in one run",
            "run `release-plz release-pr` (no registry token) to open the version PR, and `release-plz release` only in a job that holds the crates.io token or `id-token: write`, in a protected environment and without building anything else (or set `publish = false` in `release-plz.toml` so it only tags, and run `cargo publish` in that job)"),
        new("rubygems/release-gem", s => ActionIs(s, "rubygems/release-gem"),
            "which builds, tags and pushes the gem in one step",
            "build the gem (`gem build`) in a job without the credential and upload it as an artifact; push it from a job that downloads it, uses `rubygems/configure-rubygems-credentials` with `id-token: write` and runs `gem push` in a protected environment"),
        new("jsr", s => RunMatches(s, Jsr()),
            "which uploads the source tree itself rather than a built artifact",
            "JSR publishes from the source tree, so keep its job to checkout (with `persist-credentials: false`), the runtime and `npx jsr publish`/`deno publish` with `id-token: write`: no dependency install, build or other tool in that job"),
        new("npm stage publish", s => RunMatches(s, NpmStage()),
            "which packs and uploads in one command",
            "pack the package in a job without `id-token: write` (`npm pack --pack-destination dist`), upload the tarball as an artifact, and run `npm stage publish <tarball>` in a job that only downloads it, holds `id-token: write` and runs in a protected environment"),
        new("npm dist-tag", s => RunMatches(s, NpmDistTag()),
            "which writes to the registry without any artifact",
            "a dist-tag change needs no checkout or build: run `npm dist-tag add` alone in a job that holds the token (in a protected environment), with no checkout and no other step"),
    ];

    /// <summary>The first release tool a job's steps use, with the step and the fix by hand; null when none.</summary>
    public static (string Tool, Step Step, string What, string Fix)? In(Job job)
    {
        foreach (var step in job.Steps)
        {
            if (Tools.FirstOrDefault(t => t.Matches(step)) is { } tool)
            {
                return (tool.Name, step, tool.What, tool.Fix);
            }
        }

        return null;
    }

    /// <summary><c>changesets/action</c> without <c>publish:</c>: it only opens the version PR.</summary>
    public static bool OnlyVersions(Step step) =>
        ActionName(step) is { } name && name.Equals("changesets/action", StringComparison.OrdinalIgnoreCase) && step.With?.Find("publish") is null;

    private static string? ActionName(Step step) => step.Uses?.Split('@')[0];

    /// <summary>The action or one of its sub-path actions (<c>changesets/action/publish</c>).</summary>
    private static bool ActionIs(Step step, string action) =>
        ActionName(step) is { } name && (name.Equals(action, StringComparison.OrdinalIgnoreCase) || name.StartsWith(action + "/", StringComparison.OrdinalIgnoreCase));

    private static bool RunMatches(Step step, Regex regex) =>
        step.Run is { } run && ShellScript.Lines(run).Any(l => !l.StartsWith('#') && !l.Contains("--dry-run", StringComparison.Ordinal) && regex.IsMatch(l));

    [GeneratedRegex(@"\bchangeset\s+publish\b|\bchangesets?\s+publish\b", RegexOptions.NonBacktracking)]
    private static partial Regex ChangesetPublish();

    [GeneratedRegex(@"(^|[\s/])semantic-release(@\S+)?(\s|$)", RegexOptions.NonBacktracking)]
    private static partial Regex SemanticRelease();

    [GeneratedRegex(@"\bsemantic-release\s+(version|publish)\b", RegexOptions.NonBacktracking)]
    private static partial Regex PythonSemanticRelease();

    [GeneratedRegex(@"\brelease-plz\s+release(\s|$)", RegexOptions.NonBacktracking)]
    private static partial Regex ReleasePlz();

    [GeneratedRegex(@"\bjsr(@\S+)?\s+publish\b|jsr:@[A-Za-z0-9_-]+/publish-on-tag|\bdeno\s+publish\b", RegexOptions.NonBacktracking)]
    private static partial Regex Jsr();

    [GeneratedRegex(@"\bnpm\s+stage\s+publish\b", RegexOptions.NonBacktracking)]
    private static partial Regex NpmStage();

    [GeneratedRegex(@"\bnpm\s+dist-tag\s+(add|rm)\b", RegexOptions.NonBacktracking)]
    private static partial Regex NpmDistTag();
}
