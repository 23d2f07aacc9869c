using System.Diagnostics;

namespace Reconciler.HostileCorpus.Cases;

/// <summary>
/// Issue item 5: FIFOs and character devices where a repository file is expected, <c>.git/HEAD</c> huge or a device,
/// files far over the size cap (sparse: nothing on disk), bytes that aren't UTF-8.
/// </summary>
public static class SpecialFileCases
{
    private static readonly string[] Places =
    [
        ".github/workflows/ci.yml", ".github/actions/setup/action.yml", ".github/dependabot.yml", ".github/reconcile.yml",
        "pyproject.toml", ".fernignore", ".git/HEAD",
    ];

    public static IEnumerable<HostileCase> All()
    {
        foreach (var place in Places)
        {
            yield return Case($"fifo/{place}", f => Make(f, place, "mkfifo"));
        }

        foreach (var place in new[] { ".github/workflows/ci.yml", ".github/reconcile.yml", "pyproject.toml", ".git/HEAD" })
        {
            yield return Case($"dev-zero/{place}", f => Make(f, place, "mknod", "c", "1", "5"));
        }

        yield return Case("dev-zero/link-.git/HEAD", f => File.CreateSymbolicLink(f.VictimPath(".git/HEAD"), "/dev/zero"));
        yield return Case("dev-urandom/link-workflow", f => File.CreateSymbolicLink(f.VictimPath(".github/workflows/ci.yml"), "/dev/urandom"));
        yield return Case("huge/.git/HEAD-200MB-sparse", f => f.Sparse(".git/HEAD", 200L << 20, "ref: refs/heads/"));
        yield return Case("huge/.git/HEAD-64MB-text", f => File.WriteAllText(f.VictimPath(".git/HEAD"), "ref: refs/heads/" + new string('a', 64 << 20)));
        yield return Case("huge/.git/HEAD-3GB-sparse", f => f.Sparse(".git/HEAD", 3L << 30, "ref: refs/heads/"));
        yield return Case("huge/workflow-200MB-sparse", f => f.Sparse(".github/workflows/ci.yml", 200L << 20, "on: push\n"));
        yield return Case("huge/pyproject-3GB-sparse", f => f.Sparse("pyproject.toml", 3L << 30, "[project]\n"));
        yield return Case("encoding/invalid-utf8", f => f.WriteBytes(".github/workflows/ci.yml", [.. "on: push\nname: "u8, 0xC3, 0x28, 0xFF, (byte)'\n']));
        yield return Case("encoding/utf16-bom", f => f.WriteBytes(".github/workflows/ci.yml", [0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes(Yaml.PlainWorkflow)]));
        yield return Case("encoding/nul-byte", f => f.WriteBytes(".github/workflows/ci.yml", [.. "on: push\x00\njobs: {}\n"u8]));
        yield return Case("dir-named-like-a-file", f => Directory.CreateDirectory(f.VictimPath(".github/workflows/ci.yml")));
    }

    private static HostileCase Case(string id, Action<CaseFolder> make) =>
        new(id, "special-file", "5", f =>
        {
            f.WritePlainWorkflow();
            make(f);
            return f.Plan();
        });

    private static void Make(CaseFolder f, string place, string tool, params string[] args)
    {
        var path = f.VictimPath(place);
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add(path);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {path}: {err.Trim()}");
        }
    }
}
