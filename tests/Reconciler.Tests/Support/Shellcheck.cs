using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Reconciler.Core.Repositories;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Tests.Support;

/// <summary>
/// Runs shellcheck (Debian's package) over the shell <c>run:</c> scripts of a workflow or a composite action, so a
/// script we write or rewrite is known to parse and to mean what it says. Scripts a step runs with another shell
/// (pwsh, python, cmd) or on a Windows runner's default shell are not read.
/// </summary>
public static partial class Shellcheck
{
    /// <summary>Stands in for a <c>${{ }}</c> expression, which the runner replaces with text before the shell reads the script.</summary>
    public const string ExpressionPlaceholder = "GHA_EXPR";

    /// <summary>
    /// Codes that only a placeholder causes: an expression compared with a word reads as two constants (SC2050, SC2194),
    /// and <c>[ -z "${{ x }}" ]</c> as a test of a literal (SC2157). The runner's text makes them real comparisons.
    /// </summary>
    private const string Excluded = "SC2050,SC2157,SC2194";

    /// <summary>
    /// The problems of <paramref name="after"/>'s scripts that <paramref name="before"/>'s (the input; null for a new file)
    /// don't have, as "step: SCnnnn message": a case may model a script that already has them, and a split moves scripts
    /// between jobs, so problems are compared by what they say, not where.
    /// </summary>
    public static IReadOnlyList<string> NewProblems(string? before, string after, string path)
    {
        var had = before is null ? [] : Check(Scripts(path, before)).Select(p => p.Problem).ToList();
        return Check(Scripts(path, after)).Where(p => !had.Remove(p.Problem)).Select(p => $"{p.Where}: {p.Problem}").ToList();
    }

    /// <summary>Every shell script of a workflow (or composite action), with its dialect and where it is.</summary>
    public static IReadOnlyList<Script> Scripts(string path, string text)
    {
        var scripts = new List<Script>();
        if (FilesOfInterest.IsActionMetadata(path))
        {
            foreach (var step in ActionMetadata.Parse(path, text).Steps)
            {
                Add(scripts, $"{path} {step.Label}", step, defaultShell: null); // a composite step must name its shell
            }

            return scripts;
        }

        var workflow = Workflow.Parse(path, text);
        var workflowShell = DefaultShell(workflow.Root);
        foreach (var job in workflow.Jobs)
        {
            var windows = job.Map?.Text("runs-on")?.Contains("windows", StringComparison.OrdinalIgnoreCase) == true;
            var shell = DefaultShell(job.Map) ?? workflowShell ?? (windows ? "pwsh" : "bash");
            foreach (var step in job.Steps)
            {
                Add(scripts, $"{path} job {job.Id} {step.Label}", step, shell);
            }
        }

        return scripts;
    }

    /// <summary>shellcheck's problems with each script, as "SCnnnn (level): message".</summary>
    public static IReadOnlyList<(string Where, string Problem)> Check(IReadOnlyList<Script> scripts)
    {
        if (scripts.Count == 0)
        {
            return [];
        }

        using var dir = new TempTree();
        var files = new List<string>();
        for (var i = 0; i < scripts.Count; i++)
        {
            var file = Path.Combine(dir.Root, $"{i}.sh");
            File.WriteAllText(file, Expression().Replace(scripts[i].Text, ExpressionPlaceholder));
            files.Add(file);
        }

        var problems = new List<(string, string)>();
        foreach (var dialect in scripts.Select(s => s.Dialect).Distinct())
        {
            var mine = Enumerable.Range(0, scripts.Count).Where(i => scripts[i].Dialect == dialect).ToList();
            var output = Run(["--norc", "-f", "json1", "-s", dialect, "-e", Excluded, .. mine.Select(i => files[i])]);
            foreach (var comment in JsonNode.Parse(output)!["comments"]!.AsArray())
            {
                var index = int.Parse(Path.GetFileNameWithoutExtension((string)comment!["file"]!), System.Globalization.CultureInfo.InvariantCulture);
                problems.Add(($"{scripts[index].Where}, line {comment["line"]} of the script", $"SC{comment["code"]} ({comment["level"]}): {comment["message"]}"));
            }
        }

        return problems;
    }

    private static void Add(List<Script> scripts, string where, Step step, string? defaultShell)
    {
        if (step.Run is not { } run)
        {
            return;
        }

        var shell = step.Map?.Text("shell") ?? defaultShell;
        var dialect = shell?.Split(' ', 2)[0] switch
        {
            "bash" => "bash",
            "sh" => "sh",
            _ => null, // pwsh, python, cmd, a custom command: not a POSIX shell's script
        };
        if (dialect is not null)
        {
            scripts.Add(new Script(where, run, dialect));
        }
    }

    private static string? DefaultShell(YMap? map) => map?.Map("defaults")?.Map("run")?.Text("shell");

    private static string Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("shellcheck") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("could not start shellcheck");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("shellcheck is not installed: run scripts/test.sh (it installs Debian's shellcheck)", e);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            // 0: clean, 1: problems found; anything else is shellcheck failing.
            return process.ExitCode is 0 or 1 ? stdout : throw new InvalidOperationException($"shellcheck exited {process.ExitCode}: {stderr.Result}");
        }
    }

    [GeneratedRegex(@"\$\{\{.*?\}\}", RegexOptions.Singleline)]
    private static partial Regex Expression();

    /// <summary>A script, where it is (file, job, step) and the shell that reads it (<c>bash</c> or <c>sh</c>).</summary>
    public sealed record Script(string Where, string Text, string Dialect);
}
