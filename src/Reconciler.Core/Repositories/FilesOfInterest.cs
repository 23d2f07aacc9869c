namespace Reconciler.Core.Repositories;

/// <summary>Which repository files the rules read: workflows, actions' metadata (local and at the root), generator ignore files, build manifests, and Dependabot's and Renovate's configs.</summary>
public static class FilesOfInterest
{
    /// <summary>
    /// Root files that tell the ecosystem and build tool of a repository. Lock files no rule reads (npm's, pnpm's,
    /// Poetry's, uv's) are not listed: one can be megabytes, and reading it gains nothing.
    /// </summary>
    public static readonly string[] Manifests =
    [
        "pyproject.toml", "setup.py", "setup.cfg",
        "package.json", "yarn.lock",
        "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "pom.xml",
        "Cargo.toml", "Gemfile", "go.mod",
    ];

    /// <summary>How much of <c>yarn.lock</c> is read: Yarn 2+ marks its lock file in the first lines (<c>__metadata:</c>).</summary>
    public const int YarnLockHeadBytes = 64 * 1024;

    /// <summary>For a file the rules read only the start of, how many bytes of it a host keeps (whole lines); null for any other file.</summary>
    public static int? HeadBytes(string path) => path == "yarn.lock" ? YarnLockHeadBytes : null;

    /// <summary>
    /// A root build manifest (or a <c>.csproj</c>/<c>.gemspec</c>): read for names and tools by the rules that publish.
    /// One that can't be read only leaves those rules to their defaults; it never fails the repository.
    /// </summary>
    public static bool IsManifest(string path) =>
        !path.Contains('/', StringComparison.Ordinal)
        && (Manifests.Contains(path) || path.EndsWith(".csproj", StringComparison.Ordinal) || path.EndsWith(".gemspec", StringComparison.Ordinal));

    /// <summary>The repository's own opt-out file: <c>enabled: false</c> skips it.</summary>
    public const string OptOutFile = ".github/reconcile.yml";

    /// <summary>Dependabot's config, in either spelling; <c>.yml</c> is the one Reconcile creates.</summary>
    public static readonly string[] DependabotConfigs = [".github/dependabot.yml", ".github/dependabot.yaml"];

    /// <summary>Where Renovate looks for its config (read, never written: it may be JSON5).</summary>
    public static readonly string[] RenovateConfigs =
    [
        "renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json",
        ".github/renovate.json", ".github/renovate.json5", ".gitlab/renovate.json", ".gitlab/renovate.json5",
    ];

    public static bool IsDependabotConfig(string path) => DependabotConfigs.Contains(path);

    public static bool IsWorkflow(string path) =>
        path.StartsWith(".github/workflows/", StringComparison.Ordinal)
        && path.IndexOf('/', ".github/workflows/".Length) < 0
        && (path.EndsWith(".yml", StringComparison.Ordinal) || path.EndsWith(".yaml", StringComparison.Ordinal));

    /// <summary>Where an org keeps a repository's own actions; their metadata is read at any depth below it.</summary>
    public const string LocalActionsFolder = ".github/actions/";

    /// <summary>
    /// <c>.github/actions/**/action.yml</c> (or <c>.yaml</c>): what a local action runs. A composite
    /// action's steps tell what a job using it needs from the token.
    /// </summary>
    public static bool IsLocalActionMetadata(string path) =>
        path.StartsWith(LocalActionsFolder, StringComparison.Ordinal)
        && (path.EndsWith("/action.yml", StringComparison.Ordinal) || path.EndsWith("/action.yaml", StringComparison.Ordinal));

    /// <summary>
    /// <c>action.yml</c> (or <c>.yaml</c>) at the repository root: the metadata of an action repository (what
    /// <c>uses: my-org/setup@v1</c> runs). A composite one's steps are hardened like a workflow's.
    /// </summary>
    public static bool IsRootActionMetadata(string path) => path is "action.yml" or "action.yaml";

    /// <summary>An action's metadata, local (<c>.github/actions/**</c>) or at the root; the action-file rules read both.</summary>
    public static bool IsActionMetadata(string path) => IsLocalActionMetadata(path) || IsRootActionMetadata(path);

    /// <summary>
    /// Whether a plan may change a file: the rules only ever write workflows, actions' metadata, generator ignore
    /// files and Dependabot's config. Apply refuses any other path, so a hand-edited saved plan can't commit elsewhere;
    /// a path that isn't in normal form (<c>..</c>, <c>.</c>, empty parts, backslashes) is refused before the list is
    /// looked at, since <c>.github/actions/../../src/action.yml</c> would otherwise pass as an action's metadata.
    /// </summary>
    public static bool IsWritable(string path, IEnumerable<string> ignoreFiles) =>
        IsNormalPath(path) && (IsWorkflow(path) || IsActionMetadata(path) || IsDependabotConfig(path) || ignoreFiles.Contains(path));

    /// <summary>A relative path with no empty, <c>.</c> or <c>..</c> part, no backslash and no control character.</summary>
    public static bool IsNormalPath(string path) =>
        path.Length > 0 && !path.Any(c => c == '\\' || char.IsControl(c)) && path.Split('/').All(part => part is not ("" or "." or ".."));

    /// <summary>Whether a root-level, workflow or action metadata path is one the rules read.</summary>
    public static bool Wanted(string path, IEnumerable<string> ignoreFiles) =>
        IsWorkflow(path)
        || IsActionMetadata(path)
        || path == OptOutFile
        || IsDependabotConfig(path)
        || RenovateConfigs.Contains(path)
        || ignoreFiles.Contains(path)
        || IsRepositoryScript(path)
        || IsManifest(path);

    /// <summary>
    /// <c>bin/*</c>, <c>scripts/*</c> and <c>scripts/*/*</c>: the scripts release jobs run (<c>bin/publish-pypi</c>,
    /// <c>scripts/utils/upload-artifact.sh</c>). Read only to name the upload command they run, never written.
    /// </summary>
    public static bool IsRepositoryScript(string path) =>
        (path.StartsWith("bin/", StringComparison.Ordinal) && path.Count(c => c == '/') == 1)
        || (path.StartsWith("scripts/", StringComparison.Ordinal) && path.Count(c => c == '/') <= 2);
}
