namespace Reconciler.HostileCorpus.Cases;

/// <summary>Issue item 15: <c>-o</c> somewhere unwritable and <c>--policy</c> on a device, a FIFO, a folder or something huge end in a one-line error.</summary>
public static class ArgumentCases
{
    public static IEnumerable<HostileCase> All()
    {
        yield return Output("args/output-proc", _ => "/proc/version");
        yield return Output("args/output-missing-folder", f => Path.Combine(f.Dir, "no", "such", "plan.json"));
        yield return Output("args/output-dev-full", _ => "/dev/full");
        yield return Output("args/output-is-folder", f => f.Dir);
        yield return Output("args/output-sys", _ => "/sys/kernel/plan.json");
        yield return Policy("args/policy-dev-zero", _ => "/dev/zero");
        yield return Policy("args/policy-dev-urandom", _ => "/dev/urandom");
        yield return Policy("args/policy-dev-null", _ => "/dev/null");
        yield return Policy("args/policy-fifo", f =>
        {
            var fifo = Path.Combine(f.Dir, "policy.fifo");
            using var p = System.Diagnostics.Process.Start("mkfifo", [fifo]);
            p.WaitForExit();
            return fifo;
        });
        yield return Policy("args/policy-folder", f => f.Dir);
        yield return Policy("args/policy-missing", f => Path.Combine(f.Dir, "missing.yml"));
        yield return Policy("args/policy-3GB-sparse", f =>
        {
            var path = Path.Combine(f.Dir, "policy.yml");
            using var s = new FileStream(path, FileMode.Create);
            s.SetLength(3L << 30);
            return path;
        });
        yield return new HostileCase("args/policy-8MB-comment", "arguments", "15", f =>
        {
            var path = Path.Combine(f.Dir, "policy.yml");
            File.WriteAllText(path, f.Corpus.DefaultPolicy + "#" + new string('x', 8 << 20) + "\n");
            return f.Plan("--policy", path);
        }, Expect.NeighbourOrCleanError);
        yield return new HostileCase("args/policy-validate-dev-zero", "arguments", "15", _ => new Invocation(["policy", "validate", "/dev/zero"]), Expect.CleanError);
    }

    private static HostileCase Output(string id, Func<CaseFolder, string> path) =>
        new(id, "arguments", "15", f => f.Plan("-o", path(f)), Expect.CleanError, OneLine);

    private static HostileCase Policy(string id, Func<CaseFolder, string> path) =>
        new(id, "arguments", "15", f => f.Plan("--policy", path(f)), Expect.CleanError, OneLine);

    private static string? OneLine(CaseFolder f, Outcome o) =>
        o.Stderr.Trim().Split('\n').Length > 3 ? $"{o.Stderr.Trim().Split('\n').Length} lines on standard error" : null;
}
