using System.Text.RegularExpressions;
using Reconciler.HostileCorpus.Cases;

namespace Reconciler.HostileCorpus;

/// <summary>Prepares and runs the cases, a few at a time, each in its own folder.</summary>
public static partial class CaseExecutor
{
    public static async Task<IReadOnlyList<Result>> RunAllAsync(Corpus corpus, IReadOnlyList<HostileCase> cases, string work, Options options)
    {
        var results = new Result[cases.Count];
        using var gate = new SemaphoreSlim(options.Parallel);

        // Cases run in this process (against the double) mostly wait on HTTP: they take a lane of their own, one at a time.
        using var inProcessGate = new SemaphoreSlim(1);
        var done = 0;
        var tasks = cases.Select(async (c, i) =>
        {
            var lane = c.Category == TamperedPlanCases.Category ? inProcessGate : gate;
            await lane.WaitAsync();
            try
            {
                results[i] = await RunOneAsync(corpus, c, Path.Combine(work, $"{i:000}-{Safe().Replace(c.Id, "_")}"), options);
                var n = Interlocked.Increment(ref done);
                var r = results[i];
                Console.Error.WriteLine($"[{n}/{cases.Count}] {c.Id}: {r.Verdict} ({r.Outcome.Elapsed.TotalSeconds:0.0} s, CPU {r.Outcome.Cpu.TotalSeconds:0.0} s, {r.Outcome.PeakKb / 1024} MiB) {r.Detail}");
            }
            finally
            {
                lane.Release();
            }
        });
        await Task.WhenAll(tasks);
        return results;
    }

    private static async Task<Result> RunOneAsync(Corpus corpus, HostileCase c, string dir, Options options)
    {
        var folder = new CaseFolder(dir, corpus);
        Invocation invocation;
        try
        {
            invocation = c.Prepare(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception or System.Net.HttpListenerException)
        {
            var none = new Outcome(-1, "", "", TimeSpan.Zero, 0, false, false);
            return new Result(c, none, "not-run", "could not prepare: " + ex.Message);
        }

        try
        {
            Outcome outcome;
            if (invocation.InProcess is { } run)
            {
                using var cts = new CancellationTokenSource(options.InProcessTimeout);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    outcome = await run(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    outcome = new Outcome(-1, "", "", clock.Elapsed, 0, true, false);
                }
            }
            else
            {
                outcome = await ProcessRunner.RunAsync(corpus.CliDll, invocation, folder.Dir, options.Timeout, options.WallTimeout, options.MemoryCeilingKb);
            }

            return Verdicts.Judge(c, folder, outcome, invocation.TextFormat, options.MemoryCeilingKb);
        }
        finally
        {
            if (invocation.Server is { } server)
            {
                try
                {
                    await server.DisposeAsync();
                }
                catch (Exception ex)
                {
                    // A server that won't stop must not cost the other cases' results.
                    Console.Error.WriteLine($"note: {c.Id}: stopping its server failed: {ex.Message}");
                }
            }

            if (!options.Keep)
            {
                Remove(dir);
            }
        }
    }

    /// <summary>Deletes a case folder; links are removed, never followed.</summary>
    public static void Remove(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"note: could not remove {dir}: {ex.Message}");
        }
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex Safe();
}
