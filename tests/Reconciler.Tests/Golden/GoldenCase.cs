using Reconciler.Core.Hosts;
using Reconciler.Core.Hosts.Folder;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Rendering;
using Reconciler.Core.Repositories;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Golden;

/// <summary>
/// One golden case: <c>input/</c> is a mini repository, <c>expected/</c> holds exactly the files the
/// plan changes, as they should read afterwards. <c>RECONCILE_UPDATE_GOLDEN=1</c> rewrites
/// <c>expected/</c> from the current engine (review the diff by eye before committing).
/// </summary>
internal sealed class GoldenCase(string name)
{
    public static string CasesDirectory => Repo.PathOf("tests", "Reconciler.Tests", "Golden", "cases");

    public static bool Updating => Environment.GetEnvironmentVariable("RECONCILE_UPDATE_GOLDEN") == "1";

    public string Name { get; } = name;

    public string Input => Path.Combine(CasesDirectory, Name, "input");

    public string Expected => Path.Combine(CasesDirectory, Name, "expected");

    /// <summary>Optional: policy keys an override group may set (e.g. <c>actions:</c>), applied to this case's repository.</summary>
    public string PolicyOverlay => Path.Combine(CasesDirectory, Name, "policy.yml");

    public static IEnumerable<string> All() =>
        Directory.EnumerateDirectories(CasesDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>
    /// The built-in policy; with <c>policy.yml</c>, that file's keys as an override group matching every
    /// repository, so the case goes through the loader's own validation and merge.
    /// </summary>
    public Policy Policy()
    {
        if (!File.Exists(PolicyOverlay))
        {
            return PolicyLoader.LoadBuiltIn();
        }

        const string noGroups = "\noverrides: []\n";
        var builtIn = File.ReadAllText(Repo.PathOf("policies", PolicyLoader.BuiltInName));
        if (!builtIn.Contains(noGroups, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{Name}: the built-in policy no longer ends its groups with 'overrides: []'; update GoldenCase.Policy");
        }

        var group = string.Concat(File.ReadAllLines(PolicyOverlay).Select(line => line.Length == 0 ? "\n" : $"    {line}\n"));
        return PolicyLoader.Load(builtIn.Replace(noGroups, $"\noverrides:\n  - match: {{names: [\"*\"]}}\n{group}", StringComparison.Ordinal), PolicyOverlay);
    }

    public async Task<RepositorySnapshot> ReadAsync()
    {
        var host = new FolderHost(Input, PolicyLoader.LoadBuiltIn().Spec.Generators.IgnoreFiles);
        RepositoryRef? repo = null;
        await foreach (var r in host.ListAsync(CancellationToken.None))
        {
            repo = r;
        }

        return await host.ReadAsync(repo ?? throw new InvalidOperationException($"{Name}: no repository in input/"), CancellationToken.None);
    }

    /// <summary>The expected files by repository-relative path (exact bytes, read as UTF-8).</summary>
    public Dictionary<string, string> ExpectedFiles() =>
        !Directory.Exists(Expected) ? []
        : Directory.EnumerateFiles(Expected, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != ".gitkeep")
            .ToDictionary(f => Path.GetRelativePath(Expected, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);

    public void WriteExpected(IEnumerable<FileChange> changes)
    {
        if (Directory.Exists(Expected))
        {
            Directory.Delete(Expected, recursive: true);
        }

        Directory.CreateDirectory(Expected);
        var any = false;
        foreach (var change in changes)
        {
            var path = Path.Combine(Expected, change.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, change.Content);
            any = true;
        }

        if (!any)
        {
            File.WriteAllText(Path.Combine(Expected, ".gitkeep"), "");
        }
    }

    public static string Json(Planner planner, RepositoryPlan plan) => PlanJson.Serialize(planner.Assemble([plan]));
}
