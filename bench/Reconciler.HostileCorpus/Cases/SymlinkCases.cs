namespace Reconciler.HostileCorpus.Cases;

/// <summary>
/// Issue item 6: links out of the repository root, to folders and files whose text carries a marker; the marker
/// in the output means a link was followed out.
/// </summary>
public static class SymlinkCases
{
    private static readonly string LeakyWorkflow = Yaml.PlainWorkflow.Replace("echo hi", "echo " + CaseFolder.Marker, StringComparison.Ordinal);

    public static IEnumerable<HostileCase> All()
    {
        yield return Case("symlink/repository-folder", f =>
        {
            f.OutsideFile("repo/.github/workflows/ci.yml", LeakyWorkflow);
            Directory.CreateSymbolicLink(f.Victim, Path.Combine(f.Outside, "repo"));
        });
        yield return Case("symlink/.github", f =>
        {
            f.OutsideFile("gh/workflows/ci.yml", LeakyWorkflow);
            Directory.CreateDirectory(Path.Combine(f.Victim, ".git"));
            Directory.CreateSymbolicLink(Path.Combine(f.Victim, ".github"), Path.Combine(f.Outside, "gh"));
        });
        yield return Case("symlink/.github/workflows", f =>
        {
            f.OutsideFile("wf/ci.yml", LeakyWorkflow);
            Directory.CreateDirectory(Path.Combine(f.Victim, ".github"));
            Directory.CreateSymbolicLink(Path.Combine(f.Victim, ".github", "workflows"), Path.Combine(f.Outside, "wf"));
        });
        yield return Case("symlink/workflow-file", f => File.CreateSymbolicLink(f.VictimPath(".github/workflows/ci.yml"), f.OutsideFile("ci.yml", LeakyWorkflow)));
        yield return Case("symlink/.github/actions", f =>
        {
            f.OutsideFile("actions/setup/action.yml", Yaml.CompositeRunning("echo " + CaseFolder.Marker));
            f.WritePlainWorkflow();
            Directory.CreateSymbolicLink(Path.Combine(f.Victim, ".github", "actions"), Path.Combine(f.Outside, "actions"));
        });
        yield return Case("symlink/.github/actions/sub", f =>
        {
            f.OutsideFile("setup/action.yml", Yaml.CompositeRunning("echo " + CaseFolder.Marker));
            f.WritePlainWorkflow();
            Directory.CreateDirectory(Path.Combine(f.Victim, ".github", "actions"));
            Directory.CreateSymbolicLink(Path.Combine(f.Victim, ".github", "actions", "setup"), Path.Combine(f.Outside, "setup"));
        });
        yield return Case("symlink/actions-loop", f =>
        {
            f.WritePlainWorkflow();
            Directory.CreateDirectory(Path.Combine(f.Victim, ".github", "actions"));
            Directory.CreateSymbolicLink(Path.Combine(f.Victim, ".github", "actions", "loop"), "..");
        });
        yield return Case("symlink/.git", f =>
        {
            f.WritePlainWorkflow();
            f.OutsideFile("git/HEAD", $"ref: refs/heads/{CaseFolder.Marker}\n");
            Directory.Delete(Path.Combine(f.Victim, ".git"));
            Directory.CreateSymbolicLink(Path.Combine(f.Victim, ".git"), Path.Combine(f.Outside, "git"));
        });
        yield return Case("symlink/.git/HEAD", f =>
        {
            f.WritePlainWorkflow();
            File.CreateSymbolicLink(f.VictimPath(".git/HEAD"), f.OutsideFile("HEAD", $"ref: refs/heads/{CaseFolder.Marker}\n"));
        });
        yield return Case("symlink/optout-file", f =>
        {
            f.WritePlainWorkflow();
            File.CreateSymbolicLink(f.VictimPath(".github/reconcile.yml"), f.OutsideFile("reconcile.yml", $"enabled: true\n{CaseFolder.Marker}: [\n"));
        });
        yield return Case("symlink/manifest", f =>
        {
            f.WritePlainWorkflow();
            File.CreateSymbolicLink(f.VictimPath("pyproject.toml"), f.OutsideFile("pyproject.toml", $"[project]\nname = \"{CaseFolder.Marker}\"\n"));
        });
        yield return Case("symlink/path-itself", f => f.WritePlainWorkflow(), pathIsLink: true);
    }

    private static HostileCase Case(string id, Action<CaseFolder> make, bool pathIsLink = false) =>
        new(id, "symlink", "6", f =>
        {
            make(f);
            if (!pathIsLink)
            {
                return f.Plan();
            }

            // --path itself a link: following it is what the user asked for, so the neighbour must be planned.
            var link = Path.Combine(f.Dir, "org-link");
            Directory.CreateSymbolicLink(link, f.Org);
            return new Invocation(["plan", "--path", link, "--format", "json"]);
        }, Expect.NeighbourPlanned, (_, o) => o.Stdout.Contains(CaseFolder.Marker, StringComparison.Ordinal) || o.Stderr.Contains(CaseFolder.Marker, StringComparison.Ordinal)
            ? "read a file outside the repository through a link (marker in the output)"
            : null);
}
