using System.Text;

namespace Reconciler.HostileCorpus;

/// <summary>
/// One case's folder: <c>org/</c> (the <c>--path</c>) holds <c>neighbour</c>, a copy of a sample repository, and the
/// hostile repository <see cref="Victim"/>; <c>outside/</c> is a folder no run may read (symlink targets), its files
/// carrying <see cref="Marker"/>.
/// </summary>
public sealed class CaseFolder
{
    public const string NeighbourName = "neighbour";

    /// <summary>A string only files outside the repositories contain: seeing it in the output means a link was followed out.</summary>
    public const string Marker = "OUTSIDE-THE-ROOT-7f3a";

    public CaseFolder(string dir, Corpus corpus)
    {
        Dir = dir;
        Corpus = corpus;
        Org = Path.Combine(dir, "org");
        Outside = Path.Combine(dir, "outside");
        Directory.CreateDirectory(Org);
        Directory.CreateDirectory(Outside);
        CopyTree(Path.Combine(corpus.Examples, "acme-python"), Path.Combine(Org, NeighbourName));
    }

    public string Dir { get; }

    public Corpus Corpus { get; }

    public string Org { get; }

    public string Outside { get; }

    public string VictimName { get; set; } = "victim";

    public string Victim => Path.Combine(Org, VictimName);

    /// <summary>Writes a file of the hostile repository (creating folders); <c>.git</c> is created too so it reads as a repository.</summary>
    public string Write(string relative, string text) => WriteBytes(relative, Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string relative, byte[] bytes)
    {
        var full = VictimPath(relative);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    /// <summary>The full path of a file of the victim, its folder created.</summary>
    public string VictimPath(string relative)
    {
        var full = Path.Combine(Victim, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        Directory.CreateDirectory(Path.Combine(Victim, ".git"));
        return full;
    }

    /// <summary>A plain drifting workflow, so a victim that is read at all has something to plan.</summary>
    public void WritePlainWorkflow() => Write(".github/workflows/plain.yml", Yaml.PlainWorkflow);

    /// <summary>A sparse file of that many bytes (zeros): huge on paper, nothing on disk.</summary>
    public string Sparse(string relative, long bytes, string? prefix = null)
    {
        var full = VictimPath(relative);
        using var f = new FileStream(full, FileMode.Create, FileAccess.Write);
        if (prefix is not null)
        {
            f.Write(Encoding.UTF8.GetBytes(prefix));
        }

        f.SetLength(bytes);
        return full;
    }

    public string OutsideFile(string name, string text)
    {
        var full = Path.Combine(Outside, name);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The usual invocation: plan the whole folder as JSON.</summary>
    public Invocation Plan(params string[] extra) => new(["plan", "--path", Org, "--format", "json", .. extra]);

    public Invocation PlanText(params string[] extra) => new(["plan", "--path", Org, "--format", "text", "--no-color", .. extra]) { TextFormat = true };
}
