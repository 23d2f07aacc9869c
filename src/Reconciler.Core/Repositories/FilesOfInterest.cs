namespace Reconciler.Core.Repositories;

/// <summary>Which repository files the rules read: workflows, generator ignore files, and build manifests.</summary>
public static class FilesOfInterest
{
    /// <summary>Root files that tell the ecosystem and build tool of a repository.</summary>
    public static readonly string[] Manifests =
    [
        "pyproject.toml", "setup.py", "setup.cfg", "poetry.lock", "uv.lock",
        "package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml",
        "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "pom.xml",
        "Cargo.toml", "Gemfile", "go.mod",
    ];

    /// <summary>The repository's own opt-out file: <c>enabled: false</c> skips it.</summary>
    public const string OptOutFile = ".github/reconcile.yml";

    public static bool IsWorkflow(string path) =>
        path.StartsWith(".github/workflows/", StringComparison.Ordinal)
        && path.IndexOf('/', ".github/workflows/".Length) < 0
        && (path.EndsWith(".yml", StringComparison.Ordinal) || path.EndsWith(".yaml", StringComparison.Ordinal));

    /// <summary>Whether a root-level or workflow path is one the rules read.</summary>
    public static bool Wanted(string path, IEnumerable<string> ignoreFiles) =>
        IsWorkflow(path)
        || path == OptOutFile
        || ignoreFiles.Contains(path)
        || (!path.Contains('/', StringComparison.Ordinal) && (Manifests.Contains(path) || path.EndsWith(".csproj", StringComparison.Ordinal) || path.EndsWith(".gemspec", StringComparison.Ordinal)));
}
