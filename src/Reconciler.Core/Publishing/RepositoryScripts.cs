using System.Text.RegularExpressions;
using Reconciler.Core.Repositories;
using Reconciler.Core.Workflows;

namespace Reconciler.Core.Publishing;

/// <summary>
/// A job that runs one of the repository's own scripts (<c>bin/publish-pypi</c>, <c>./scripts/publish</c>,
/// <c>bash scripts/release.sh</c>, <c>python scripts/publish.py</c>): which script, and, when the
/// snapshot holds it, which upload command it runs. Reconcile doesn't rewrite scripts; it names them.
/// </summary>
public static partial class RepositoryScripts
{
    /// <summary>A script a step runs, and the upload command found in it (null: none found, or not read).</summary>
    public sealed record Call(Step Step, string Path, bool Read, Upload? Upload);

    /// <summary>An upload command as said in a sentence, the registry it writes to, and how its users build without the credential.</summary>
    public sealed record Upload(string Command, string Registry, string BuildFirst);

    /// <summary>Whether the script was read: one that uploads comes first, then one that couldn't be read, then the rest.</summary>
    private static int Rank(Call call) => call.Upload is not null ? 0 : call.Read ? 2 : 1;

    private static readonly (Regex Pattern, Upload Upload)[] Uploads =
    [
        (UvPublish(), new("`uv publish`", "PyPI", "`uv build` in a job without the credential, `dist/` uploaded as an artifact, then `uv publish` (or `pypa/gh-action-pypi-publish`) alone in a job that downloads it")),
        (Twine(), new("`twine upload`", "PyPI", "`python -m build` in a job without the credential, `dist/` uploaded as an artifact, then `pypa/gh-action-pypi-publish` alone in a job that downloads it")),
        (Poetry(), new("`poetry publish`", "PyPI", "`poetry build` in a job without the credential, `dist/` uploaded as an artifact, then `pypa/gh-action-pypi-publish` alone in a job that downloads it")),
        (NpmStage(), new("npm staged publishing (`stage publish`)", "npm", "`npm pack --pack-destination dist` in a job without the credential, the tarball uploaded as an artifact, then `npm stage publish <tarball>` alone in a job that downloads it")),
        (Npm(), new("`npm publish`", "npm", "`npm pack --pack-destination dist` in a job without the credential, the tarball uploaded as an artifact, then `npm publish <tarball>` alone in a job that downloads it")),
        (Cargo(), new("`cargo publish`", "crates.io", "`cargo package` in a job without the credential, then `cargo publish` with `rust-lang/crates-io-auth-action` alone in a job with `id-token: write`")),
        (Gem(), new("`gem push`", "RubyGems", "`gem build` in a job without the credential, the gem uploaded as an artifact, then `gem push` alone in a job that downloads it")),
        (NuGet(), new("`dotnet nuget push`", "NuGet", "`dotnet pack -o nupkgs` in a job without the credential, the packages uploaded as an artifact, then `dotnet nuget push` alone in a job that downloads them")),
        (Maven(), new("a Maven or Gradle deploy", "Maven Central", "the build and signing inputs prepared in a job without the credential, and the deploy alone in a job that holds it")),
        (Curl(), new("a `curl` upload", "a storage service", "the build in a job without `id-token: write`, its output uploaded as an artifact, then the upload script alone in a job that downloads it and holds the grant")),
    ];

    /// <summary>The repository scripts the job's steps run, read from the snapshot where they can be, the most telling first.</summary>
    public static IReadOnlyList<Call> In(Job job, RepositorySnapshot repository)
    {
        var calls = new List<Call>();
        foreach (var step in job.Steps)
        {
            if (step.Run is not { } run)
            {
                continue;
            }

            foreach (var path in ShellScript.Lines(run).Select(l => Invocation().Match(l)).Where(m => m.Success).Select(m => m.Groups["path"].Value).Distinct(StringComparer.Ordinal))
            {
                var read = repository.Files.TryGetValue(path, out var text);
                calls.Add(new Call(step, path, read, read ? UploadIn(text!, repository, depth: 1) : null));
            }
        }

        return [.. calls.OrderBy(Rank)];
    }

    /// <summary>The upload command a script runs, following one more script it calls.</summary>
    private static Upload? UploadIn(string text, RepositorySnapshot repository, int depth)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => !l.StartsWith('#') && !l.Contains("--dry-run", StringComparison.Ordinal)).ToList();
        foreach (var line in lines)
        {
            if (Uploads.FirstOrDefault(u => u.Pattern.IsMatch(line)) is { Upload: { } upload })
            {
                return upload;
            }
        }

        if (depth > 0)
        {
            foreach (var line in lines)
            {
                if (Invocation().Match(line) is { Success: true } m && repository.Files.TryGetValue(m.Groups["path"].Value, out var inner)
                    && UploadIn(inner, repository, depth - 1) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    /// <summary>A command that runs <c>bin/…</c> or <c>scripts/…</c> directly or through an interpreter.</summary>
    [GeneratedRegex(@"(^|[\s;&|(])((bash|sh|python3?|node|uv\s+run|ruby)\s+)?(\./)?(?<path>(bin|scripts)/[A-Za-z0-9_.\-/]+)", RegexOptions.NonBacktracking)]
    private static partial Regex Invocation();

    [GeneratedRegex(@"\buv\s+publish\b", RegexOptions.NonBacktracking)]
    private static partial Regex UvPublish();

    [GeneratedRegex(@"\btwine\s+upload\b", RegexOptions.NonBacktracking)]
    private static partial Regex Twine();

    [GeneratedRegex(@"\bpoetry\s+publish\b", RegexOptions.NonBacktracking)]
    private static partial Regex Poetry();

    [GeneratedRegex(@"\b(npm|pnpm)\s+stage\s+publish\b", RegexOptions.NonBacktracking)]
    private static partial Regex NpmStage();

    [GeneratedRegex(@"\b(npm|pnpm|yarn)\s+(npm\s+)?publish\b", RegexOptions.NonBacktracking)]
    private static partial Regex Npm();

    [GeneratedRegex(@"\bcargo\W{1,6}publish\b", RegexOptions.NonBacktracking)]
    private static partial Regex Cargo();

    [GeneratedRegex(@"\bgem\s+push\b", RegexOptions.NonBacktracking)]
    private static partial Regex Gem();

    [GeneratedRegex(@"\bnuget\s+push\b", RegexOptions.NonBacktracking)]
    private static partial Regex NuGet();

    [GeneratedRegex(@"\bmvn\b.*\bdeploy\b|\bgradlew?\b.*\bpublish", RegexOptions.NonBacktracking)]
    private static partial Regex Maven();

    [GeneratedRegex(@"\bcurl\b.*(\s-T\s|--upload-file|-X\s*PUT|--request\s+PUT)", RegexOptions.NonBacktracking)]
    private static partial Regex Curl();
}
