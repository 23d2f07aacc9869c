using System.Text;
using static Reconciler.HostileCorpus.Yaml;

namespace Reconciler.HostileCorpus.Cases;

/// <summary>
/// Issue item 2: lines that make a backtracking pattern exponential or quadratic, one per pattern of src/ that reads
/// repository text (publish commands per registry, GITHUB_ENV writes, expressions, tool versions, bot conditions,
/// secrets, shell parsing). Each is a unit repeated to about 64 KiB ("long") and 900 KiB ("huge", under the 1 MiB file cap).
/// </summary>
public static class RegexCases
{
    /// <summary>(name, what the line starts with, the unit repeated, what it ends with).</summary>
    private static readonly (string Name, string Prefix, string Unit, string Suffix)[] Lines =
    [
        ("poetry-options", "poetry", " -a", " x"),
        ("gradle", "", "gradle ", ""),
        ("gradlew", "", "./gradlew x ", ""),
        ("gradle-anchored", "./gradlew", " x", ""),
        ("mvn", "", "mvn ", ""),
        ("mvnw-anchored", "./mvnw", " -Dx", ""),
        ("npx-npm", "npx -y npm@1", " x", ""),
        ("twine", "python -m", " twine", ""),
        ("tee-github-env", "", "tee ", ""),
        ("out-file-github-env", "", "Out-File ", ""),
        ("redirect-github-env", "", ">> \"", ""),
        ("heredoc", "", "<<", ""),
        ("expression-unclosed", "", "${{", ""),
        ("expression-event", "echo ${{ ", "github.event.", " }}"),
        ("tool-version", "", "--version 1 ", ""),
        ("poetry-version", "curl install.python-poetry.org", " --version", " 1.2"),
        ("secrets-index", "echo ${{ ", "secrets[ ", " }}"),
        ("set-options", "set -e", " a", " !"),
        ("shell-function", "f", " ", "() {"),
        ("if-then", "if", " ;", " then!"),
    ];

    public static IEnumerable<HostileCase> All()
    {
        // Exponential in the number of `--x ` options: 2^n ways to split them.
        foreach (var n in new[] { 20, 28, 40 })
        {
            yield return Case($"regex/workflow/poetry-exponential/{n}", WorkflowRunning("poetry " + Repeat("--x ", n) + "!"));
        }

        yield return Case("regex/action/poetry-exponential/40", CompositeRunning("poetry " + Repeat("--x ", 40) + "!"), ".github/actions/release/action.yml");
        foreach (var (name, prefix, unit, suffix) in Lines)
        {
            foreach (var (size, bytes) in new[] { ("long", 64 * 1024), ("huge", 900 * 1024) })
            {
                var line = prefix + Repeat(unit, (bytes - prefix.Length - suffix.Length) / unit.Length) + suffix;
                yield return Case($"regex/workflow/{name}/{size}", WorkflowRunning(line));
            }
        }

        yield return Case("regex/action/gradle/huge", CompositeRunning(Repeat("gradle ", 900 * 1024 / 7)), ".github/actions/release/action.yml");
        yield return Case("regex/action/tee-github-env/huge", CompositeRunning(Repeat("tee ", 900 * 1024 / 4)), ".github/actions/release/action.yml");
        yield return Case("regex/if/bot-condition/huge", WorkflowIf(Repeat("'a[bot]' == ", 900 * 1024 / 12)));
        yield return Case("regex/if/event-title/huge", WorkflowIf("${{ " + Repeat("github.event.", 900 * 1024 / 13) + " }}"));
        yield return Case("regex/if/actor-contains/huge", WorkflowIf(Repeat("contains(github.actor, '", 900 * 1024 / 24)));
    }

    private static HostileCase Case(string id, string text, string path = ".github/workflows/bomb.yml") =>
        new(id, "regex", "2", f =>
        {
            f.Write(path, text);
            if (!path.Contains("workflows", StringComparison.Ordinal))
            {
                f.WritePlainWorkflow();
            }

            return f.Plan();
        });

    private static string Repeat(string unit, int times) => new StringBuilder(unit.Length * times).Insert(0, unit, times).ToString();
}
