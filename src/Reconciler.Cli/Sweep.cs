using System.CommandLine;
using Reconciler.Core.Hosts;
using Reconciler.Core.Hosts.Folder;
using Reconciler.Core.Hosts.GitHub;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;

namespace Reconciler.Cli;

/// <summary>
/// A finished sweep: the plan, the GitHub host it came from (null for --path), notices for the reader, and the
/// repositories of a saved plan that are refused (not in <see cref="Plan"/>).
/// </summary>
internal sealed record SweepResult(Plan Plan, GitHubHost? Host, IReadOnlyList<string> Notices)
{
    public IReadOnlyList<ApplyResult> Refused { get; init; } = [];
}

/// <summary>Plans over a folder (--path) or GitHub (--org / --repo), whichever the command line names.</summary>
internal static class Sweep
{
    public static async Task<SweepResult?> RunAsync(ParseResult parse, Policy policy, Option<DirectoryInfo?> path, Option<double> budget, GitHubOptions github, CliContext context, TextWriter stderr, bool allowPath, CancellationToken ct)
    {
        var dir = parse.GetValue(path);
        if (PlannerFor(parse, policy, budget, stderr) is not { } planner)
        {
            return null;
        }

        var onGitHub = (parse.GetValue(github.Org) ?? []).Length > 0 || (parse.GetValue(github.Repo) ?? []).Length > 0;
        if (dir is not null && onGitHub)
        {
            stderr.WriteLine("error: give either --path or --org/--repo, not both");
            return null;
        }

        if (dir is not null)
        {
            if (!allowPath)
            {
                stderr.WriteLine("error: apply works on GitHub (--org or --repo); a --path folder has nothing to apply to");
                return null;
            }

            return await PlanFolderAsync(dir, planner, stderr, ct);
        }

        if (!github.Requested(parse, policy))
        {
            stderr.WriteLine(allowPath
                ? "error: say where the repositories are: --path DIR, --org ORG or --repo OWNER/NAME"
                : "error: say which repositories: --org ORG or --repo OWNER/NAME, or give a saved plan file");
            return null;
        }

        var scope = github.Scope(parse, policy);
        var host = github.CreateHost(parse, policy, scope, context, stderr);
        if (host is null)
        {
            return null;
        }

        return await PlanGitHubAsync(host, planner, Math.Clamp(parse.GetValue(github.Concurrency), 1, 32), stderr, ct);
    }

    /// <summary>The planner with the command line's <c>--plan-budget</c>, or null (having said why) when it is out of range.</summary>
    public static Planner? PlannerFor(ParseResult parse, Policy policy, Option<double> budget, TextWriter stderr)
    {
        var seconds = parse.GetValue(budget);
        if (!(seconds > 0 && seconds <= 86_400))
        {
            stderr.WriteLine($"error: --plan-budget takes seconds, more than 0 and at most 86400 (got {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
            return null;
        }

        return new Planner(policy) { Budget = TimeSpan.FromSeconds(seconds) };
    }

    public static async Task<SweepResult?> PlanGitHubAsync(GitHubHost host, Planner planner, int concurrency, TextWriter stderr, CancellationToken ct)
    {
        var policy = planner.Policy;
        var resolver = new ActionResolver(host.Connection);
        try
        {
            var plan = await PlanSweep.RunAsync(host, planner, new SweepOptions
            {
                Concurrency = concurrency,
                ResolveActions = (snapshots, token) => resolver.ResolveAsync(snapshots, policy, token),
            }, ct);
            return new SweepResult(plan, host, []);
        }
        catch (HostException ex)
        {
            stderr.WriteLine($"error: {Secrets.Redact(ex.Message)}");
            return null;
        }
    }

    private static async Task<SweepResult?> PlanFolderAsync(DirectoryInfo dir, Planner planner, TextWriter stderr, CancellationToken ct)
    {
        var host = new FolderHost(dir.FullName, planner.Policy.Spec.Generators.IgnoreFiles);
        try
        {
            var plan = await PlanSweep.RunAsync(host, planner, ct);
            return new SweepResult(plan, null, ["repository settings can't be read from a folder; settings rules were not checked"]);
        }
        catch (HostException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return null;
        }
    }
}
