namespace Reconciler.Tests.Support;

/// <summary>Locates the repository root from the test binaries, for fixtures and tools.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Reconciler.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Reconciler.sln not found above the test binaries");
    }

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
