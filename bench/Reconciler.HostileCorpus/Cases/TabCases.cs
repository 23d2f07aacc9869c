using System.Text.Json;
using System.Text.RegularExpressions;

namespace Reconciler.HostileCorpus.Cases;

/// <summary>Issue item 15: a tab where YAML forbids one is reported at its own line (and the rest still planned).</summary>
public static partial class TabCases
{
    public static IEnumerable<HostileCase> All()
    {
        yield return Case("tabs/indentation", ".github/workflows/ci.yml", "name: ci\non: push\njobs:\n  build:\n\truns-on: ubuntu-latest\n    steps:\n      - run: echo\n", 5);
        yield return Case("tabs/sequence-indent", ".github/workflows/ci.yml", "name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n\t- run: echo\n", 7);
        yield return Case("tabs/after-dash", ".github/workflows/ci.yml", "name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      -\t- run: echo\n\t\n", 7);
        yield return Case("tabs/action", ".github/actions/setup/action.yml", "name: setup\nruns:\n  using: composite\n  steps:\n\t- run: echo\n", 5);
        yield return Case("tabs/dependabot", ".github/dependabot.yml", "version: 2\nupdates:\n\t- package-ecosystem: pip\n", 3);
        yield return new HostileCase("tabs/policy", "tabs", "15", f =>
        {
            var policy = Path.Combine(f.Dir, "policy.yml");
            File.WriteAllText(policy, f.Corpus.DefaultPolicy.Replace("  include: [\"*\"]", "\tinclude: [\"*\"]", StringComparison.Ordinal));
            return f.Plan("--policy", policy);
        }, Expect.CleanError, (f, o) => o.Stderr.Contains(":17:", StringComparison.Ordinal) ? null : "the error does not name line 17: " + Verdicts.FirstLine(o.Stderr));
    }

    private static HostileCase Case(string id, string path, string text, int line) =>
        new(id, "tabs", "15", f =>
        {
            if (path != ".github/workflows/ci.yml")
            {
                f.WritePlainWorkflow();
            }

            f.Write(path, text);
            return f.Plan();
        }, Expect.NeighbourPlanned, (_, o) => NamesLine(o.Stdout, path, line) ? null : $"no finding or error at {path}:{line}");

    /// <summary>Whether the victim's entry has a finding at that path and line, or an error text naming it.</summary>
    private static bool NamesLine(string json, string path, int line)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var victim = doc.RootElement.GetProperty("repositories").EnumerateArray().FirstOrDefault(r => r.GetProperty("repository").GetString() == "victim");
            if (victim.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (victim.TryGetProperty("findings", out var findings)
                && findings.EnumerateArray().Any(x => x.TryGetProperty("path", out var p) && p.GetString() == path && x.TryGetProperty("line", out var l) && l.GetInt32() == line))
            {
                return true;
            }

            return victim.TryGetProperty("error", out var error) && LineIn(line).IsMatch(error.GetString() ?? "");
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Regex LineIn(int line) => new($":{line}(:|\\b)");
}
