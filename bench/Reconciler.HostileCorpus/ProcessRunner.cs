using System.Diagnostics;

namespace Reconciler.HostileCorpus;

/// <summary>
/// Runs <c>dotnet reconcile.dll …</c> as a child process, polling its CPU time and peak resident memory
/// (<c>/proc/PID/stat</c>, <c>VmHWM</c>) and killing it when it passes a ceiling, so a runaway case can't take the
/// machine down. A case is hung when it has used <c>timeout</c> of CPU (a shared machine's load stretches wall
/// time, not CPU time), or sat <c>wallTimeout</c> without finishing (blocked on a FIFO uses no CPU).
/// </summary>
public static class ProcessRunner
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Process> Running = new();

    static ProcessRunner()
    {
        // Stopping the runner stops its cases.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    private static void KillAll()
    {
        foreach (var p in Running.Values)
        {
            Kill(p);
        }
    }

    public static async Task<Outcome> RunAsync(string cliDll, Invocation invocation, string workDir, TimeSpan timeout, TimeSpan wallTimeout, long memoryCeilingKb)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        start.ArgumentList.Add(cliDll);
        foreach (var a in invocation.Args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var name in new[] { "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_APP_PRIVATE_KEY_PATH" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in invocation.Environment)
        {
            start.Environment[k] = v;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        Running[process.Id] = process;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        long peak = 0;
        var cpu = TimeSpan.Zero;
        var timedOut = false;
        var memoryKilled = false;
        while (!exited.IsCompleted)
        {
            var (hwm, rss) = Memory(process.Id);
            peak = Math.Max(peak, hwm);
            cpu = Cpu(process.Id) is { } used && used > cpu ? used : cpu;
            if (rss > memoryCeilingKb)
            {
                memoryKilled = true;
                Kill(process);
                break;
            }

            if (cpu > timeout || clock.Elapsed > wallTimeout)
            {
                timedOut = true;
                Kill(process);
                break;
            }

            await Task.WhenAny(exited, Task.Delay(20));
        }

        await exited;
        clock.Stop();
        Running.TryRemove(process.Id, out _);
        return new Outcome(process.ExitCode, await stdout, await stderr, clock.Elapsed, peak, timedOut, memoryKilled) { Cpu = cpu };
    }

    /// <summary>User plus system CPU time from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s), or null once gone.</summary>
    private static TimeSpan? Cpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Peak and current resident set in KiB, from /proc/PID/status (0 once the process is gone).</summary>
    private static (long Hwm, long Rss) Memory(int pid)
    {
        try
        {
            long hwm = 0, rss = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kb(line);
                }
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kb(line);
                }
            }

            return (hwm, rss);
        }
        catch (IOException)
        {
            return (0, 0);
        }
        catch (UnauthorizedAccessException)
        {
            return (0, 0);
        }
    }

    private static long Kb(string line) => long.Parse(line.Split(':')[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}
