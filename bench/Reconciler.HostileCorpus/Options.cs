using System.Globalization;

namespace Reconciler.HostileCorpus;

/// <summary>Command-line options of the runner.</summary>
public sealed record Options
{
    /// <summary>CPU time after which a CLI run is hung.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wall time after which a CLI run is hung even if it isn't using the CPU (blocked on a FIFO).</summary>
    public TimeSpan WallTimeout => Timeout * 3;

    /// <summary>For the cases run in-process against the GitHub double (start, plan, apply: legitimately slower).</summary>
    public TimeSpan InProcessTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public int Parallel { get; init; } = 2;

    public string? Filter { get; init; }

    public string? Tsv { get; init; }

    public string? Cli { get; init; }

    public bool List { get; init; }

    /// <summary>Keep the generated cases (for a closer look).</summary>
    public bool Keep { get; init; }

    /// <summary>Resident memory past which a case is killed and counted as crashed.</summary>
    public long MemoryCeilingKb { get; init; } = 2L * 1024 * 1024;

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--timeout" => o with { Timeout = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "-j" or "--parallel" => o with { Parallel = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--filter" => o with { Filter = Next() },
                "--tsv" => o with { Tsv = Next() },
                "--cli" => o with { Cli = Next() },
                "--memory-ceiling-mib" => o with { MemoryCeilingKb = long.Parse(Next(), CultureInfo.InvariantCulture) * 1024 },
                "--list" => o with { List = true },
                "--keep" => o with { Keep = true },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return o;
    }
}
