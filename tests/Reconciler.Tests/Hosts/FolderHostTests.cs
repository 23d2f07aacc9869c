using Reconciler.Core.Hosts;
using Reconciler.Core.Hosts.Folder;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Hosts;

public class FolderHostTests
{
    private static async Task<IReadOnlyDictionary<string, string>> FilesOf(TempTree tree)
    {
        var host = new FolderHost(tree.Root, [".fernignore"]);
        var snapshot = await host.ReadAsync(new RepositoryRef(Path.GetFileName(tree.Root), []), CancellationToken.None);
        return snapshot.Files;
    }

    [Fact]
    public async Task Local_action_metadata_is_read_at_any_depth_under_github_actions()
    {
        using var tree = new TempTree()
            .Write(".github/workflows/ci.yml", "on: push\n")
            .Write(".github/actions/setup/action.yml", "runs:\n  using: composite\n  steps: []\n")
            .Write(".github/actions/release/notes/action.yaml", "runs:\n  using: node20\n  main: index.js\n")
            .Write(".github/actions/release/notes/index.js", "console.log('hi')\n")
            .Write(".github/actions/setup/README.md", "# setup\n")
            .Write("tools/action.yml", "runs:\n  using: composite\n  steps: []\n");

        var files = await FilesOf(tree);

        Assert.Equal("runs:\n  using: composite\n  steps: []\n", files[".github/actions/setup/action.yml"]);
        Assert.Contains(".github/actions/release/notes/action.yaml", files.Keys);
        Assert.DoesNotContain(".github/actions/release/notes/index.js", files.Keys);
        Assert.DoesNotContain(".github/actions/setup/README.md", files.Keys);
        Assert.DoesNotContain("tools/action.yml", files.Keys);
    }

    [Fact]
    public async Task An_action_repositorys_root_metadata_is_read()
    {
        using var tree = new TempTree()
            .Write(".github/workflows/test.yml", "on: push\n")
            .Write("action.yml", "runs:\n  using: composite\n  steps: []\n")
            .Write("action.yaml", "runs:\n  using: node20\n  main: index.js\n")
            .Write("actions.yml", "not: metadata\n");

        Assert.Equal([".github/workflows/test.yml", "action.yaml", "action.yml"], (await FilesOf(tree)).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_repository_without_local_actions_reads_as_before()
    {
        using var tree = new TempTree().Write(".github/workflows/ci.yml", "on: push\n").Write("pyproject.toml", "[project]\n");
        Assert.Equal([".github/workflows/ci.yml", "pyproject.toml"], (await FilesOf(tree)).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_linked_action_yml_is_unreadable_but_only_leaves_its_job_unassessed()
    {
        using var tree = new TempTree()
            .Write(".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n      - uses: ./.github/actions/setup\n")
            .Write("shared/action.yml", "runs:\n  using: composite\n  steps: []\n");
        Directory.CreateDirectory(Path.Combine(tree.Root, ".github", "actions", "setup"));
        File.CreateSymbolicLink(Path.Combine(tree.Root, ".github", "actions", "setup", "action.yml"), Path.Combine(tree.Root, "shared", "action.yml"));

        var snapshot = await new FolderHost(tree.Root, []).ReadAsync(new RepositoryRef(Path.GetFileName(tree.Root), []), CancellationToken.None);
        Assert.Equal("is a symbolic link; not followed", snapshot.Unreadable[".github/actions/setup/action.yml"]);

        var plan = new Planner(PolicyLoader.LoadBuiltIn()).PlanRepository(snapshot);
        Assert.Null(plan.Error);
        Assert.Contains(plan.Findings, f => f.Rule == "job-permissions" && f.Message.Contains("What to do: make .github/actions/setup/action.yml readable (it is a symbolic link; not followed)", StringComparison.Ordinal));
    }
}
