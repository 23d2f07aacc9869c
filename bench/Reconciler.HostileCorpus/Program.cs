using System.Globalization;
using Reconciler.HostileCorpus;

// dotnet run -c Release --project bench/Reconciler.HostileCorpus -- [--timeout 20] [-j 2] [--filter TEXT] [--tsv FILE] [--cli reconcile.dll] [--list]
// Generates every hostile case into a temporary folder, runs the real CLI on each next to a normal repository and
// prints per case: verdict, exit code, wall time, peak memory, whether the neighbour was still planned.
var options = Options.Parse(args);
var root = Corpus.FindRoot();
var cli = options.Cli ?? Path.Combine(root, "src", "Reconciler.Cli", "bin", "Release", "net10.0", "reconcile.dll");
if (!File.Exists(cli))
{
    Console.Error.WriteLine($"{cli}: not built; run `dotnet build src/Reconciler.Cli -c Release` first (or pass --cli)");
    return 1;
}

var corpus = new Corpus(root, cli);
var cases = Corpus.All().Where(c => options.Filter is null || c.Id.Contains(options.Filter, StringComparison.OrdinalIgnoreCase) || c.Category.Contains(options.Filter, StringComparison.OrdinalIgnoreCase)).ToList();
if (options.List)
{
    foreach (var c in cases)
    {
        Console.WriteLine($"{c.Id}\t{c.Category}\t{c.Item}");
    }

    return 0;
}

var work = Path.Combine(Path.GetTempPath(), "reconcile-hostile-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
Directory.CreateDirectory(work);
Console.Error.WriteLine($"{cases.Count} cases, timeout {options.Timeout.TotalSeconds:0} s, {options.Parallel} at a time, cases in {work}");
var results = await CaseExecutor.RunAllAsync(corpus, cases, work, options);
if (!options.Keep)
{
    CaseExecutor.Remove(work);
}

Report.Print(Console.Out, results);
var tsv = options.Tsv ?? Path.Combine(Environment.CurrentDirectory, "hostile-corpus.tsv");
Report.WriteTsv(tsv, results);
Console.WriteLine($"TSV: {tsv}");
return results.All(r => r.Verdict == Verdicts.Ok) ? 0 : 1;
