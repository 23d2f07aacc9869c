using System.Globalization;
using System.Text;

namespace Reconciler.HostileCorpus;

/// <summary>The per-case table, a summary per category and overall, and the same rows as TSV.</summary>
public static class Report
{
    private static readonly string[] Failures = [Verdicts.Crashed, Verdicts.Hung, Verdicts.NeighbourLost, Verdicts.Wrong];

    public static void Print(TextWriter w, IReadOnlyList<Result> results)
    {
        w.WriteLine($"{"case",-44} {"verdict",-14} {"exit",4} {"time s",7} {"cpu s",6} {"peak MiB",8} {"nbr",3}  detail");
        foreach (var r in results)
        {
            var o = r.Outcome;
            w.WriteLine($"{r.Case.Id,-44} {r.Verdict,-14} {Exit(o),4} {o.Elapsed.TotalSeconds,7:0.00} {Cpu(o),6} {Mib(o),8} {Neighbour(r),3}  {r.Detail}");
        }

        w.WriteLine();
        w.WriteLine($"{"category",-16} {"cases",5} {"ok",4} {"crashed",7} {"hung",4} {"nbr lost",8} {"wrong",5} {"worst s",8} {"worst cpu",9} {"worst MiB",9}");
        foreach (var g in results.GroupBy(r => r.Case.Category))
        {
            Line(w, g.Key, [.. g]);
        }

        Line(w, "all", results);
        var slow = results.MaxBy(r => r.Outcome.Elapsed);
        var busy = results.MaxBy(r => r.Outcome.Cpu);
        var fat = results.MaxBy(r => r.Outcome.PeakKb);
        if (slow is not null && fat is not null)
        {
            w.WriteLine($"worst time: {slow.Outcome.Elapsed.TotalSeconds:0.00} s ({slow.Case.Id}); worst CPU: {busy!.Outcome.Cpu.TotalSeconds:0.00} s ({busy.Case.Id}); worst memory: {fat.Outcome.PeakKb / 1024} MiB ({fat.Case.Id})");
        }

        var failed = results.Where(r => Failures.Contains(r.Verdict)).ToList();
        w.WriteLine(failed.Count == 0 ? "no case crashed, hung, lost its neighbour or did harm" : $"{failed.Count} failing: {string.Join(", ", failed.Select(r => r.Case.Id))}");
    }

    public static void WriteTsv(string path, IReadOnlyList<Result> results)
    {
        var sb = new StringBuilder("case\tcategory\titem\tverdict\texit\tseconds\tcpu_seconds\tpeak_mib\tneighbour_planned\tdetail\n");
        foreach (var r in results)
        {
            var o = r.Outcome;
            sb.Append(CultureInfo.InvariantCulture, $"{r.Case.Id}\t{r.Case.Category}\t{r.Case.Item}\t{r.Verdict}\t{Exit(o)}\t{o.Elapsed.TotalSeconds:0.000}\t{Cpu(o)}\t{Mib(o)}\t{Neighbour(r)}\t{r.Detail.Replace('\t', ' ')}\n");
        }

        File.WriteAllText(path, sb.ToString());
    }

    private static void Line(TextWriter w, string name, IReadOnlyList<Result> rs)
    {
        int Count(string v) => rs.Count(r => r.Verdict == v);
        var worstS = rs.Max(r => r.Outcome.Elapsed.TotalSeconds);
        var worstC = rs.Max(r => r.Outcome.Cpu.TotalSeconds);
        var worstM = rs.Max(r => r.Outcome.PeakKb) / 1024;
        w.WriteLine($"{name,-16} {rs.Count,5} {Count(Verdicts.Ok),4} {Count(Verdicts.Crashed),7} {Count(Verdicts.Hung),4} {Count(Verdicts.NeighbourLost),8} {Count(Verdicts.Wrong),5} {worstS,8:0.00} {worstC,9:0.00} {worstM,9}");
    }

    private static string Exit(Outcome o) => o.TimedOut || o.MemoryKilled ? "-" : o.Exit.ToString(CultureInfo.InvariantCulture);

    private static string Cpu(Outcome o) => o.Cpu == TimeSpan.Zero ? "-" : o.Cpu.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Mib(Outcome o) => o.PeakKb == 0 ? "-" : (o.PeakKb / 1024).ToString(CultureInfo.InvariantCulture);

    private static string Neighbour(Result r) => r.Case.Expect == Expect.CleanError ? "-" : Verdicts.NeighbourPlanned(r.Outcome.Stdout, IsText(r)) ? "yes" : "no";

    private static bool IsText(Result r) => !r.Outcome.Stdout.TrimStart().StartsWith('{');
}
