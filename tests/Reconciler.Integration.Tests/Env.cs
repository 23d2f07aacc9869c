using System.Text;
using System.Text.Json;
using Reconciler.Cli;
using Reconciler.Core.Hosts.GitHub;
using Reconciler.GitHubDouble;
using Reconciler.GitHubDouble.Http;
using Reconciler.GitHubDouble.State;
using GitHub = Reconciler.GitHubDouble.GitHubDouble;

namespace Reconciler.Integration.Tests;

/// <summary>What one CLI run printed and returned.</summary>
public sealed record CliRun(int Exit, string Stdout, string Stderr)
{
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    public override string ToString() => $"exit {Exit}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// One GitHub double on loopback, seeded with the sample org (examples/org) as "acme", and the real CLI run
/// in-process against it with a token from the environment it is given and a clock that never sleeps.
/// </summary>
public sealed class Env : IAsyncDisposable
{
    public const string Org = "acme";
    public const string Branch = "reconcile/sdk-publish-hardening";

    private Env(GitHub gh) => GitHub = gh;

    public GitHub GitHub { get; }

    public FakeClock Clock { get; } = new();

    public Dictionary<string, string?> Variables { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<RequestLogEntry> Log => GitHub.Requests.Entries;

    public static string Root { get; } = FindRoot();

    public static string Examples => Path.Combine(Root, "examples", "org");

    public static IReadOnlyList<string> SampleRepos { get; } = [.. Directory.GetDirectories(Path.Combine(FindRoot(), "examples", "org")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    /// <summary>
    /// The double with the sample org. <paramref name="compliantSettings"/>: the sample repositories' settings already
    /// meet the default policy (protected main, protected publishing environments), so a test about files sees only
    /// file changes; settings tests turn it off.
    /// </summary>
    public static async Task<Env> StartAsync(bool seedSample = true, bool compliantSettings = true)
    {
        var gh = await GitHub.StartAsync();
        var env = new Env(gh);
        env.Variables["GITHUB_TOKEN"] = gh.DefaultToken;
        gh.AddOrg(Org);
        if (seedSample)
        {
            foreach (var name in SampleRepos)
            {
                var files = FilesOf(Path.Combine(Examples, name));
                gh.AddRepo(Org, name, new RepoSeed { Files = files });
                if (compliantSettings)
                {
                    env.MakeCompliant(name, files);
                }
            }
        }

        return env;
    }

    /// <summary>Gives a repository the settings the default policy asks for: main protected, publishing environments deploy from main only.</summary>
    public void MakeCompliant(string name, IReadOnlyDictionary<string, string> files)
    {
        GitHub.SetBranchProtection(Org, name, "main", CompliantProtection());
        foreach (var environment in EnvironmentsThePlanWants(name, files))
        {
            GitHub.AddEnvironment(Org, name, environment, new EnvironmentSeed { BranchPolicy = (false, true), Policies = [("main", "branch")] });
        }
    }

    /// <summary>
    /// The environments the default policy's plan judges for these files, after the rewrite (which may put a new
    /// publishing job under a registry's environment): planned offline with no environment present (and the other
    /// settings readable), read off the environments it would create.
    /// </summary>
    public static IEnumerable<string> EnvironmentsThePlanWants(string name, IReadOnlyDictionary<string, string> files)
    {
        var snapshot = new Core.Repositories.RepositorySnapshot
        {
            FullName = Org + "/" + name,
            DefaultBranch = "main",
            Files = files,
            // Every part readable (an errored plan offers no changes): no environment, unprotected, no rulesets.
            Settings = new Core.Settings.RepositorySettings
            {
                Environments = new Dictionary<string, Core.Settings.EnvironmentState>(),
                BranchProtection = new Core.Settings.BranchProtectionState { Branch = "main" },
                BranchRules = [],
                Actions = new Core.Settings.ActionsSettingsState { DefaultWorkflowPermissions = "read" },
            },
        };
        return new Core.Planning.Planner(DefaultPolicy.Value).PlanRepository(snapshot).Changes
            .OfType<Core.Planning.SettingChange>()
            .Select(c => c.Target)
            .Where(t => t.StartsWith("environment:", StringComparison.Ordinal) && !t.Contains("/deployment-branch-policy:", StringComparison.Ordinal))
            .Select(t => t["environment:".Length..])
            .ToList();
    }

    private static readonly Lazy<Core.Policy.Policy> DefaultPolicy = new(() => Core.Policy.PolicyLoader.LoadFile(Path.Combine(Root, "policies", "sdk-publish-hardening.yml")));

    public static ProtectionState CompliantProtection() => new()
    {
        RequiredPullRequestReviews = new System.Text.Json.Nodes.JsonObject { ["required_approving_review_count"] = 1, ["dismiss_stale_reviews"] = true },
    };

    public static Dictionary<string, string> FilesOf(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);

    public Task<CliRun> RunAsync(params string[] args) => RunTypedAsync(null, args);

    /// <summary>Runs as if at a terminal, typing <paramref name="typed"/> (null: not a terminal).</summary>
    public async Task<CliRun> RunTypedAsync(string? typed, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext
        {
            Environment = name => Variables.GetValueOrDefault(name),
            IsInteractive = typed is not null,
            Input = new StringReader(typed ?? ""),
            Pacing = _ => Clock.Pacing(),
        };
        var all = args.Any(a => a is "--path" or "--api-url") ? args : [.. args, "--api-url", GitHub.BaseUri.AbsoluteUri];
        var exit = await CliApp.RunAsync(all, stdout, stderr, context);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A connection like the CLI's, for driving the host and applier directly.</summary>
    public GitHubConnection Connect(string? token = null, IReadOnlyList<string>? writable = null) => GitHubConnection.Create(new GitHubConnectionOptions
    {
        ApiUrl = GitHub.BaseUri,
        Credentials = new TokenCredentials(token ?? GitHub.DefaultToken),
        Pacing = Clock.Pacing(),
        WritableBranches = writable ?? [Branch],
    });

    /// <summary>Requests logged since <paramref name="mark"/> (an index into the log).</summary>
    public IReadOnlyList<RequestLogEntry> Since(int mark) => [.. Log.Skip(mark)];

    public int Mark => Log.Count;

    public string Describe(IEnumerable<RequestLogEntry> entries)
    {
        var sb = new StringBuilder();
        foreach (var e in entries)
        {
            sb.Append(e.Method).Append(' ').Append(e.Path).Append(e.Query).Append(" → ").Append(e.Status).Append(e.CountedAgainstRateLimit ? " (counted)" : "").Append('\n');
        }

        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        OpenApiSpec.AssertAllKnown(Log);
        await GitHub.DisposeAsync();
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Reconciler.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Reconciler.sln not found above the test binaries");
    }
}
