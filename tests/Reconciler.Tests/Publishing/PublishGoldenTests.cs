using Reconciler.Core.Hosts;
using Reconciler.Core.Hosts.Folder;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Rendering;
using Reconciler.Core.Rules;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Publishing;

/// <summary>
/// Golden before/after repositories for the publish topology (PublishGolden/cases/NAME):
/// <c>input/</c> is a mini repository, <c>expected/</c> holds exactly the files the plan changes
/// plus <c>PR.md</c>, the pull-request body. No <c>expected/</c> means the plan must change nothing.
/// Only the publish rules run, so other rules' changes don't move these files.
/// Set RECONCILE_UPDATE_GOLDEN=1 to rewrite the expected files, then read every one of them.
/// </summary>
public class PublishGoldenTests
{
    /// <summary>The digest changes with every edit of the built-in policy; PR.md files carry this stand-in (the marker has its own test).</summary>
    private const string DigestStandIn = "sha256:<policy-digest>";

    private static readonly string CasesDir = Repo.PathOf("tests", "Reconciler.Tests", "PublishGolden", "cases");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(CasesDir).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Golden_case(string name)
    {
        var policy = PolicyLoader.LoadBuiltIn();
        var planner = new Planner(policy, [new PublishTopologyRule(), new GeneratorIgnoreRule()]) { CheckIncrementalParses = true };
        var snapshot = await Read(policy, name);
        var plan = planner.PlanRepository(snapshot);
        Assert.Null(plan.Error);

        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in plan.Changes.OfType<FileChange>())
        {
            actual[file.Path] = file.Content;
        }

        if (plan.Changes.Count > 0)
        {
            actual["PR.md"] = PullRequestBody.Render(plan, new PlanPolicy(policy.Name, DigestStandIn), policy.Spec.PullRequest.Title);
        }

        var expectedDir = Path.Combine(CasesDir, name, "expected");
        if (Environment.GetEnvironmentVariable("RECONCILE_UPDATE_GOLDEN") == "1")
        {
            Write(expectedDir, actual);
        }

        Assert.Equal(Expected(expectedDir), actual);

        foreach (var (path, text) in actual.Where(f => f.Key.StartsWith(".github/workflows/", StringComparison.Ordinal)))
        {
            // Only what the split introduced: an input may use actions too old for today's runners.
            var problems = Actionlint.Instance.NewProblems(snapshot.Files.GetValueOrDefault(path), text, Path.GetFileName(path));
            Assert.True(problems.Count == 0, $"actionlint on {path}:\n{string.Join("\n", problems)}");
            var scripts = Shellcheck.NewProblems(snapshot.Files.GetValueOrDefault(path), text, path);
            Assert.True(scripts.Count == 0, $"shellcheck on {path}:\n{string.Join("\n", scripts)}");
        }

        // Planning the planned repository again changes nothing.
        var files = new Dictionary<string, string>(snapshot.Files, StringComparer.Ordinal);
        foreach (var (path, text) in actual.Where(f => f.Key != "PR.md"))
        {
            files[path] = text;
        }

        var again = planner.PlanRepository(snapshot with { Files = files });
        Assert.Empty(again.Changes);
        Assert.Empty(again.Findings);
    }

    private static async Task<Core.Repositories.RepositorySnapshot> Read(Policy policy, string name)
    {
        var host = new FolderHost(Path.Combine(CasesDir, name, "input"), policy.Spec.Generators.IgnoreFiles);
        var snapshot = await host.ReadAsync(new RepositoryRef("input", []), CancellationToken.None);
        return snapshot with { FullName = $"acme/{name}" };
    }

    private static SortedDictionary<string, string> Expected(string dir)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(dir))
        {
            return result;
        }

        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            result[Path.GetRelativePath(dir, file).Replace('\\', '/')] = File.ReadAllText(file);
        }

        return result;
    }

    private static void Write(string dir, IReadOnlyDictionary<string, string> files)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        foreach (var (path, text) in files)
        {
            var target = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, text);
        }
    }
}
