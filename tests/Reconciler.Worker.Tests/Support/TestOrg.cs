namespace Reconciler.Worker.Tests.Support;

/// <summary>
/// A temporary copy of examples/org, optionally widened with numbered clones of each repository so a
/// sweep has enough work for two replicas to share. Deleted on dispose.
/// </summary>
internal sealed class TestOrg : IDisposable
{
    private TestOrg(string path, IReadOnlyList<string> repositories)
    {
        Path = path;
        Repositories = repositories;
    }

    public string Path { get; }

    public IReadOnlyList<string> Repositories { get; }

    public static TestOrg Create(int copies = 1)
    {
        var source = System.IO.Path.Combine(RepositoryRoot(), "examples", "org");
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "reconcile-org-" + Guid.NewGuid().ToString("N")[..12]);
        var names = new List<string>();
        foreach (var repo in Directory.GetDirectories(source))
        {
            for (var i = 0; i < copies; i++)
            {
                var name = System.IO.Path.GetFileName(repo) + (i == 0 ? "" : $"-{i}");
                Copy(repo, System.IO.Path.Combine(path, name));
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return new TestOrg(path, names);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing a test over.
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            Copy(dir, System.IO.Path.Combine(to, System.IO.Path.GetFileName(dir)));
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Reconciler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Reconciler.sln not found above the test binaries");
    }
}
