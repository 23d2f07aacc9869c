using Reconciler.HostileCorpus.Cases;

namespace Reconciler.HostileCorpus;

/// <summary>Where things are, and every case.</summary>
public sealed class Corpus(string root, string cliDll)
{
    public string Root { get; } = root;

    public string CliDll { get; } = cliDll;

    public string Examples => Path.Combine(Root, "examples", "org");

    public string DefaultPolicyPath => Path.Combine(Root, "policies", "sdk-publish-hardening.yml");

    public string DefaultPolicy => File.ReadAllText(DefaultPolicyPath);

    public static IReadOnlyList<HostileCase> All() =>
    [
        .. NestingCases.All(),
        .. RegexCases.All(),
        .. SizeCases.All(),
        .. GlobCases.All(),
        .. SpecialFileCases.All(),
        .. SymlinkCases.All(),
        .. NonJsonCases.All(),
        .. OptOutCases.All(),
        .. ControlCharacterCases.All(),
        .. TabCases.All(),
        .. ArgumentCases.All(),
        .. TamperedPlanCases.All(),
    ];

    /// <summary>The repository root: the nearest folder up from here holding Reconciler.sln.</summary>
    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Reconciler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Reconciler.sln not found above " + AppContext.BaseDirectory);
    }
}
