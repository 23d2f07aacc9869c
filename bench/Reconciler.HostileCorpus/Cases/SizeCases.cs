using System.Text;
using static Reconciler.HostileCorpus.Yaml;

namespace Reconciler.HostileCorpus.Cases;

/// <summary>
/// Issue item 3 and size in general: mappings of 96,000 keys (distinct and all the same) in every file read, alias
/// bombs, and lines as long as the 1 MiB file cap allows.
/// </summary>
public static class SizeCases
{
    public static IEnumerable<HostileCase> All()
    {
        foreach (var n in new[] { 48_000, 96_000 })
        {
            yield return Case($"keys/workflow-env/{n}", ".github/workflows/big.yml", "name: big\non: push\nenv:\n" + Lines(Keys(n), k => $" {k}: 1") + "jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n");
        }

        yield return Case("keys/workflow-root/96000", ".github/workflows/big.yml", "on: push\njobs: {}\n" + Lines(Keys(96_000), k => $"{k}: 1"));
        yield return Case("keys/workflow-flow/96000", ".github/workflows/big.yml", "on: push\njobs: {}\nenv: {" + string.Join(",", Keys(96_000).Select(k => k + ": 1")) + "}\n");
        yield return Case("keys/workflow-duplicates/96000", ".github/workflows/big.yml", "on: push\njobs: {}\nenv:\n" + Lines(Enumerable.Repeat("a", 96_000), k => $" {k}: 1"));
        yield return Case("keys/workflow-jobs/20000", ".github/workflows/big.yml", "on: push\njobs:\n" + Lines(Keys(20_000), k => $" {k}: {{runs-on: x, steps: [run: y]}}"));
        yield return Case("keys/action-inputs/96000", ".github/actions/big/action.yml", "name: big\ninputs:\n" + Lines(Keys(96_000), k => $" {k}: 1") + "runs:\n  using: composite\n  steps: []\n");
        yield return Case("keys/dependabot/96000", ".github/dependabot.yml", "version: 2\n" + Lines(Keys(96_000), k => $"{k}: 1") + "updates: []\n");
        yield return Case("keys/optout/96000", ".github/reconcile.yml", "enabled: true\n" + Lines(Keys(96_000), k => $"{k}: 1"));
        yield return PolicyCase("keys/policy/96000", "x-big:\n" + Lines(Keys(96_000), k => $" {k}: 1"));
        yield return PolicyCase("keys/policy-duplicates/96000", "x-big:\n" + Lines(Enumerable.Repeat("a", 96_000), k => $" {k}: 1"));

        // Anchors and aliases: nine levels of nine aliases name 9^9 nodes if anything expands them.
        var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
        {
            bomb.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        }

        yield return Case("aliases/workflow/9^9", ".github/workflows/bomb.yml", "on: push\njobs: {}\nenv:\n" + Indent(bomb.ToString()));
        yield return Case("aliases/workflow-steps/9^9", ".github/workflows/bomb.yml", "on: push\nx-anchors:\n" + Indent(bomb.ToString()) + "jobs:\n  a:\n    runs-on: x\n    steps: *a9\n");
        yield return Case("aliases/workflow-merge-keys", ".github/workflows/bomb.yml", "on: push\n" + MergeBomb() + "jobs:\n  a:\n    runs-on: x\n    steps: [run: y]\n    with: *m12\n");
        yield return PolicyCase("aliases/policy/9^9", "x-anchors:\n" + Indent(bomb.ToString()) + "x-use: *a9\n");

        // Long lines, each in a file just under the 1 MiB cap, and one file just over it.
        var mb = 1_000_000;
        yield return Case("long-line/plain-scalar", ".github/workflows/long.yml", "on: push\nname: " + new string('a', mb) + "\njobs: {}\n");
        yield return Case("long-line/key", ".github/workflows/long.yml", "on: push\n" + new string('k', mb) + ": 1\njobs: {}\n");
        yield return Case("long-line/single-quoted", ".github/workflows/long.yml", "on: push\nname: '" + new StringBuilder().Insert(0, "a''", mb / 3) + "'\njobs: {}\n");
        yield return Case("long-line/double-quoted-escapes", ".github/workflows/long.yml", "on: push\nname: \"" + new StringBuilder().Insert(0, "\\t\\u00e9", mb / 8) + "\"\njobs: {}\n");
        yield return Case("long-line/comment", ".github/workflows/long.yml", "on: push\n#" + new string('#', mb) + "\njobs: {}\n");
        yield return Case("long-line/run", ".github/workflows/long.yml", WorkflowRunning(new string('x', mb)));
        yield return Case("long-line/many-short-lines", ".github/workflows/long.yml", "on: push\njobs: {}\n" + new StringBuilder().Insert(0, "#\n", mb / 2));
        yield return Case("size/over-cap", ".github/workflows/big.yml", "on: push\njobs: {}\n#" + new string('x', (1024 * 1024) + 10) + "\n");
    }

    private static HostileCase Case(string id, string path, string text) =>
        new(id, "size", "3", f =>
        {
            f.Write(path, text);
            f.WritePlainWorkflow();
            return f.Plan();
        });

    private static HostileCase PolicyCase(string id, string appended) =>
        new(id, "size", "3,15", f =>
        {
            var policy = Path.Combine(f.Dir, "policy.yml");
            File.WriteAllText(policy, f.Corpus.DefaultPolicy + appended);
            return f.Plan("--policy", policy);
        }, Expect.NeighbourOrCleanError);

    private static string Lines(IEnumerable<string> keys, Func<string, string> line)
    {
        var sb = new StringBuilder();
        foreach (var k in keys)
        {
            sb.Append(line(k)).Append('\n');
        }

        return sb.ToString();
    }

    private static string Indent(string text) => string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => "  " + l + "\n"));

    /// <summary>Merge keys doubling at every level: <c>m{i}: {&lt;&lt;: [*m{i-1}, *m{i-1}], …}</c>.</summary>
    private static string MergeBomb()
    {
        var sb = new StringBuilder("x-m:\n  m0: &m0 {a: 1, b: 2}\n");
        for (var i = 1; i <= 12; i++)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"  m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: [*m{i - 1}, *m{i - 1}]}}\n");
        }

        return sb.ToString();
    }
}
