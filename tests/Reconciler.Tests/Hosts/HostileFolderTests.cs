using System.Diagnostics;
using System.Text.Json;
using Reconciler.Core.Hosts;
using Reconciler.Core.Hosts.Folder;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Hosts;

/// <summary>
/// Hostile working trees under <c>--path</c>: special files, links out of the repository, huge files. Each case is a
/// folder of two repositories, the hostile one and a neighbour that drifts; the sweep must finish, say what is wrong
/// with the hostile one and still plan the neighbour.
/// </summary>
public class HostileFolderTests
{
    private const string Drifting = "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n";

    private const string Secret = "name: outside\non: push\njobs:\n  leak:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo TOP-SECRET-OUTSIDE-THE-REPOSITORY\n";

    private static TempTree Org() => new TempTree()
        .Write("neighbour/.github/workflows/ci.yml", Drifting)
        .Write("hostile/.github/workflows/ci.yml", Drifting);

    private static void MakeFifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start("mkfifo", path);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private static void MakeSparse(string path, long bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        file.SetLength(bytes);
    }

    /// <summary>Plans the org as JSON: repository name to its plan.</summary>
    private static async Task<(Support.Cli.Result Run, Dictionary<string, JsonElement> Repos)> PlanAsync(TempTree org)
    {
        var run = await Support.Cli.RunAsync("plan", "--path", org.Root, "--format", "json");
        var repos = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("repositories").EnumerateArray()
            .ToDictionary(r => r.GetProperty("repository").GetString()!, r => r.Clone());
        return (run, repos);
    }

    private static void AssertNeighbourPlanned(Dictionary<string, JsonElement> repos)
    {
        Assert.Equal("drift", repos["neighbour"].GetProperty("status").GetString());
        Assert.NotEmpty(repos["neighbour"].GetProperty("changes").EnumerateArray());
    }

    private static string Error(Dictionary<string, JsonElement> repos, string name)
    {
        Assert.Equal("error", repos[name].GetProperty("status").GetString());
        Assert.Empty(repos[name].GetProperty("changes").EnumerateArray());
        return repos[name].GetProperty("error").GetString()!;
    }

    [Fact]
    public async Task A_fifo_workflow_is_reported_not_read_and_the_neighbour_is_planned()
    {
        using var org = Org();
        MakeFifo(Path.Combine(org.Root, "hostile", ".github", "workflows", "release.yml"));

        var (run, repos) = await PlanAsync(org);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(".github/workflows/release.yml: is not a regular file (a FIFO); not read", Error(repos, "hostile"), StringComparison.Ordinal);
        AssertNeighbourPlanned(repos);
    }

    [Fact]
    public async Task A_device_linked_in_as_a_workflow_is_not_followed()
    {
        using var org = Org();
        File.CreateSymbolicLink(Path.Combine(org.Root, "hostile", ".github", "workflows", "zero.yml"), "/dev/zero");

        var (_, repos) = await PlanAsync(org);

        Assert.Contains(".github/workflows/zero.yml: is a symbolic link; not followed", Error(repos, "hostile"), StringComparison.Ordinal);
        AssertNeighbourPlanned(repos);
    }

    [Fact]
    public void The_size_limit_holds_while_reading_whatever_the_file_claims()
    {
        // A character device reports length 0 and never ends: only a limit counted while reading stops it.
        var error = Assert.Throws<NotReadableException>(() => RegularFile.ReadBytes("/dev/zero", 4096));
        Assert.StartsWith("is not a regular file (a character device)", error.Reason, StringComparison.Ordinal);

        using var tree = new TempTree();
        MakeSparse(Path.Combine(tree.Root, "big"), FolderHost.MaxFileBytes + 1);
        Assert.Equal($"is over the {FolderHost.MaxFileBytes}-byte limit", Assert.Throws<NotReadableException>(() => RegularFile.ReadBytes(Path.Combine(tree.Root, "big"), FolderHost.MaxFileBytes)).Reason);
    }

    [Fact]
    public async Task A_huge_git_head_is_reported_without_being_loaded()
    {
        using var org = Org();
        MakeSparse(Path.Combine(org.Root, "hostile", ".git", "HEAD"), 200L * 1024 * 1024);

        var (_, repos) = await PlanAsync(org);

        Assert.Contains(".git/HEAD: is over the 4096-byte limit", Error(repos, "hostile"), StringComparison.Ordinal);
        AssertNeighbourPlanned(repos);
    }

    [Fact]
    public async Task A_fifo_git_head_does_not_hang_the_sweep()
    {
        using var org = Org();
        MakeFifo(Path.Combine(org.Root, "hostile", ".git", "HEAD"));

        var (_, repos) = await PlanAsync(org);

        Assert.Contains(".git/HEAD: is not a regular file (a FIFO); not read", Error(repos, "hostile"), StringComparison.Ordinal);
        AssertNeighbourPlanned(repos);
    }

    [Theory]
    [InlineData(".github")]
    [InlineData(".github/workflows")]
    public async Task A_linked_github_folder_is_not_followed_out_of_the_repository(string linked)
    {
        using var outside = new TempTree().Write(".github/workflows/leak.yml", Secret).Write("workflows/leak.yml", Secret);
        using var org = new TempTree().Write("neighbour/.github/workflows/ci.yml", Drifting);
        var link = Path.Combine(org.Root, "hostile", linked);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, linked == ".github" ? Path.Combine(outside.Root, ".github") : Path.Combine(outside.Root, "workflows"));

        var (run, repos) = await PlanAsync(org);
        var text = await Support.Cli.RunAsync("plan", "--path", org.Root);

        Assert.Contains($"{linked}: is a symbolic link; not followed", Error(repos, "hostile"), StringComparison.Ordinal);
        Assert.DoesNotContain("TOP-SECRET", run.Stdout + text.Stdout, StringComparison.Ordinal);
        AssertNeighbourPlanned(repos);
    }

    [Fact]
    public async Task A_linked_repository_folder_is_listed_as_skipped_and_never_read()
    {
        using var outside = new TempTree().Write(".github/workflows/leak.yml", Secret);
        using var org = new TempTree().Write("neighbour/.github/workflows/ci.yml", Drifting);
        Directory.CreateSymbolicLink(Path.Combine(org.Root, "elsewhere"), outside.Root);

        var (run, repos) = await PlanAsync(org);

        Assert.Equal("skipped", repos["elsewhere"].GetProperty("status").GetString());
        Assert.Equal("the folder is a symbolic link; not followed", repos["elsewhere"].GetProperty("reason").GetString());
        Assert.DoesNotContain("TOP-SECRET", run.Stdout, StringComparison.Ordinal);
        AssertNeighbourPlanned(repos);
    }

    [Fact]
    public async Task A_linked_local_action_folder_leaves_its_jobs_unassessed_without_failing_the_repository()
    {
        using var outside = new TempTree().Write("action.yml", "runs:\n  using: composite\n  steps:\n    - run: echo TOP-SECRET-OUTSIDE-THE-REPOSITORY\n      shell: bash\n");
        using var org = Org();
        Directory.CreateDirectory(Path.Combine(org.Root, "hostile", ".github", "actions"));
        Directory.CreateSymbolicLink(Path.Combine(org.Root, "hostile", ".github", "actions", "setup"), outside.Root);

        var snapshot = await new FolderHost(org.Root, []).ReadAsync(new RepositoryRef("hostile", []), CancellationToken.None);

        Assert.DoesNotContain(".github/actions/setup/action.yml", snapshot.Files.Keys);
        Assert.Equal("is in a folder that is a symbolic link; not followed", snapshot.Unreadable[".github/actions/setup/action.yml"]);
        var (run, repos) = await PlanAsync(org);
        Assert.Equal("drift", repos["hostile"].GetProperty("status").GetString());
        Assert.DoesNotContain("TOP-SECRET", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_lock_file_no_rule_reads_never_fails_the_repository()
    {
        using var org = Org();
        var hostile = Path.Combine(org.Root, "hostile");
        File.WriteAllText(Path.Combine(hostile, "package.json"), "{\"name\": \"acme\"}\n");
        File.WriteAllText(Path.Combine(hostile, "package-lock.json"), "{\"x\": \"" + new string('a', 1_700_000) + "\"}\n");

        var (_, repos) = await PlanAsync(org);

        Assert.Equal("drift", repos["hostile"].GetProperty("status").GetString());
        Assert.NotEmpty(repos["hostile"].GetProperty("changes").EnumerateArray());
        AssertNeighbourPlanned(repos);
    }

    [Fact]
    public async Task An_unreadable_manifest_is_a_warning_that_leaves_the_repository_planned()
    {
        using var org = Org();
        MakeSparse(Path.Combine(org.Root, "hostile", "pom.xml"), 2L * FolderHost.MaxFileBytes);
        MakeFifo(Path.Combine(org.Root, "hostile", "package.json"));

        var (_, repos) = await PlanAsync(org);

        Assert.Equal("drift", repos["hostile"].GetProperty("status").GetString());
        var warnings = repos["hostile"].GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("severity").GetString() == "warning").Select(f => f.GetProperty("path").GetString() + ": " + f.GetProperty("message").GetString()).ToList();
        Assert.Contains($"pom.xml: build manifest not read: it is over the {FolderHost.MaxFileBytes}-byte limit; rules that read it use their defaults", warnings);
        Assert.Contains("package.json: build manifest not read: it is not a regular file (a FIFO); not read; rules that read it use their defaults", warnings);
    }

    [Fact]
    public async Task Only_the_head_of_a_large_yarn_lock_is_read_and_it_still_tells_yarn_berry()
    {
        using var org = Org();
        var lockFile = "# This file is generated by running \"yarn install\".\n\n__metadata:\n  version: 8\n\n" + string.Concat(Enumerable.Range(0, 40_000).Select(i => $"\"pkg-{i}@npm:1.0.0\":\n  version: 1.0.0\n\n"));
        File.WriteAllText(Path.Combine(org.Root, "hostile", "yarn.lock"), lockFile);

        var snapshot = await new FolderHost(org.Root, []).ReadAsync(new RepositoryRef("hostile", []), CancellationToken.None);

        Assert.True(lockFile.Length > FolderHost.MaxFileBytes);
        var head = snapshot.Files["yarn.lock"];
        Assert.True(head.Length <= Core.Repositories.FilesOfInterest.YarnLockHeadBytes);
        Assert.EndsWith("\n", head, StringComparison.Ordinal);
        Assert.StartsWith(head, lockFile, StringComparison.Ordinal);
        Assert.True(Core.Publishing.Manifests.IsYarnBerry(snapshot));
        Assert.Empty(snapshot.Unreadable);
    }
}
