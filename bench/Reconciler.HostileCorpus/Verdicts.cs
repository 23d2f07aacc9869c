using System.Text.Json;
using System.Text.RegularExpressions;

namespace Reconciler.HostileCorpus;

/// <summary>Turns an outcome into one verdict: crashed, hung, neighbour-lost, wrong (a harm the case checks for) or ok.</summary>
public static partial class Verdicts
{
    public const string Ok = "ok";
    public const string Crashed = "crashed";
    public const string Hung = "hung";
    public const string NeighbourLost = "neighbour-lost";
    public const string Wrong = "wrong";

    public static Result Judge(HostileCase c, CaseFolder folder, Outcome o, bool textFormat, long memoryCeilingKb)
    {
        if (o.MemoryKilled)
        {
            return new Result(c, o, Crashed, $"killed: resident memory over {memoryCeilingKb / 1024} MiB");
        }

        if (o.TimedOut)
        {
            return new Result(c, o, Hung, $"no answer after {o.Elapsed.TotalSeconds:0} s ({o.Cpu.TotalSeconds:0} s of CPU)");
        }

        if (o.Exit is >= 128 or < 0 || o.Stderr.Contains("Unhandled exception", StringComparison.Ordinal) || StackFrame().IsMatch(o.Stderr))
        {
            return new Result(c, o, Crashed, $"exit {o.Exit}: {FirstLine(o.Stderr)}");
        }

        var neighbour = NeighbourPlanned(o.Stdout, textFormat);
        // A short message on standard error, or (for --repo) the repository's own error entry in the plan.
        var cleanError = o.Exit == 1 && (o.Stderr.Trim().Length > 0 || o.Stdout.Contains("\"error\":", StringComparison.Ordinal));
        if (!neighbour && (c.Expect == Expect.NeighbourPlanned || (c.Expect == Expect.NeighbourOrCleanError && !cleanError)))
        {
            return new Result(c, o, NeighbourLost, $"exit {o.Exit}: {FirstLine(o.Stderr)}");
        }

        // A harm the case looks for says more than a wrong exit code (a redirect that leaked the token and then exited 0).
        if (c.Check?.Invoke(folder, o) is { } harm)
        {
            return new Result(c, o, Wrong, harm);
        }

        return c.Expect switch
        {
            Expect.CleanError when o.Exit == 0 => new Result(c, o, Wrong, "exit 0: accepted what it should refuse"),
            Expect.CleanError when !cleanError => new Result(c, o, Wrong, $"exit {o.Exit} without a message"),
            _ => new Result(c, o, Ok, o.Exit == 0 ? "" : FirstLine(o.Stderr)),
        };
    }

    /// <summary>Whether the plan lists the neighbour as drift or in-sync.</summary>
    public static bool NeighbourPlanned(string stdout, bool textFormat)
    {
        if (textFormat)
        {
            return NeighbourLine().IsMatch(stdout);
        }

        return RepositoryStatus(stdout, CaseFolder.NeighbourName) is "drift" or "in-sync";
    }

    /// <summary>A repository's status in a JSON plan, or null.</summary>
    public static string? RepositoryStatus(string json, string repository)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            foreach (var r in doc.RootElement.GetProperty("repositories").EnumerateArray())
            {
                // A folder's repository is named after it; an org's is owner/name.
                if (r.GetProperty("repository").GetString() is { } name && (name == repository || name.EndsWith("/" + repository, StringComparison.Ordinal)))
                {
                    return r.GetProperty("status").GetString();
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }

        return null;
    }

    /// <summary>The first non-empty line, control characters shown as <c>\xNN</c>, cut to 140 characters.</summary>
    public static string FirstLine(string text)
    {
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        line = Printable(line);
        return line.Length > 140 ? line[..140] + "…" : line;
    }

    public static string Printable(string s) =>
        string.Concat(s.Select(ch => char.IsControl(ch) || ch is '\t' ? $"\\x{(int)ch:x2}" : ch.ToString()));

    [GeneratedRegex(@"^\s+at \S+.*\)( in .*)?$|--- End of stack trace", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"(?m)^\S*\s*neighbour\s+(drift|in.sync)")]
    private static partial Regex NeighbourLine();
}
