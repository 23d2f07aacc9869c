using System.CommandLine;
using System.Text.Json;
using Reconciler.Core.Hosts.GitHub;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Rendering;

namespace Reconciler.Cli;

/// <summary>
/// <c>reconcile apply</c>: plan then apply (<c>--org</c>/<c>--repo</c>), or a saved plan (<c>reconcile apply plan.json</c>),
/// which is planned again and applied only where it still is what the policy makes. Asks for confirmation on a
/// terminal; <c>--yes</c> for automation.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CliContext context)
    {
        var planFile = new Argument<FileInfo?>("plan")
        {
            Description = "A plan saved with 'reconcile plan --format json --output FILE'. Each drifted repository is planned again and applied only where the fresh plan is the saved entry; the others are refused with the reason.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var policy = CommonOptions.Policy();
        var path = CommonOptions.Path();
        var budget = CommonOptions.PlanBudget();
        path.Hidden = true; // accepted only to explain that a folder has nothing to apply to
        var github = new GitHubOptions();
        var yes = new Option<bool>("--yes", "-y") { Description = "Apply without asking (for automation)." };
        var noColor = new Option<bool>("--no-color") { Description = "Never colour the plan shown before applying." };
        var command = new Command("apply", "Open or update one pull request per drifted repository, after showing the plan.")
        {
            planFile, policy, path, yes, noColor, budget,
        };
        foreach (var option in github.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var loaded = CommonOptions.LoadPolicy(parse.GetValue(policy), stderr);
            if (loaded is null)
            {
                return ExitCodes.Failure;
            }

            var saved = parse.GetValue(planFile);
            var sweep = saved is null
                ? await Sweep.RunAsync(parse, loaded, path, budget, github, context, stderr, allowPath: false, ct)
                : await LoadSavedAsync(saved, parse, loaded, path, budget, github, context, stderr, ct);
            if (sweep?.Host is not { } host)
            {
                return ExitCodes.Failure;
            }

            var plan = sweep.Plan;
            var color = !parse.GetValue(noColor) && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && context.Environment("NO_COLOR") is null;
            await stdout.WriteAsync(PlanOutput.Render(plan, "text", color, sweep.Notices));
            if (sweep.Refused.Count > 0)
            {
                stdout.WriteLine();
                stdout.WriteLine("Refused (not applied):");
                foreach (var refused in sweep.Refused)
                {
                    stdout.WriteLine("  " + TerminalText.Escape(Secrets.Redact(refused.ToString())));
                }
            }

            var toChange = plan.Repositories.Count(r => r.Status == RepositoryStatus.Drift);
            if (toChange == 0)
            {
                stdout.WriteLine("nothing to apply");
                return plan.Summary.Error > 0 || sweep.Refused.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
            }

            if (!Confirm(parse.GetValue(yes), toChange, context, stdout, stderr))
            {
                return ExitCodes.Failure;
            }

            var writes = GitHubApplier.ContentRequests(plan, loaded);
            if (writes > GitHubPacing.ContentPerMinute)
            {
                stderr.WriteLine($"note: this rollout makes up to {writes} content-creating requests; GitHub allows {GitHubPacing.ContentPerMinute} a minute and {GitHubPacing.ContentPerHour} an hour, so it will take about {RateLimitHandler.Describe(host.Connection.Pacing.EstimateDuration(writes))}");
            }

            var applier = GitHubHostFactory.CreateApplier(host, loaded);
            stdout.WriteLine();
            stdout.WriteLine("Applying:");
            var results = sweep.Refused.Concat(await applier.ApplyAsync(plan, r => stdout.WriteLine("  " + TerminalText.Escape(Secrets.Redact(r.ToString()))), ct)).ToList();
            stdout.WriteLine(ApplySummary(results));
            return results.Any(r => r.Outcome == ApplyOutcome.Failed) ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    private static bool Confirm(bool yes, int repositories, CliContext context, TextWriter stdout, TextWriter stderr)
    {
        if (yes)
        {
            return true;
        }

        if (!context.IsInteractive)
        {
            stderr.WriteLine("error: refusing to apply without confirmation: standard input is not a terminal; pass --yes to apply non-interactively");
            return false;
        }

        stdout.Write($"\nApply to {repositories} repositor{(repositories == 1 ? "y" : "ies")}? Only 'yes' is accepted: ");
        stdout.Flush();
        var answer = context.Input.ReadLine()?.Trim();
        if (answer is "yes" or "y")
        {
            return true;
        }

        stderr.WriteLine("apply cancelled");
        return false;
    }

    /// <summary>
    /// A saved plan: never applied as it is written (it is only JSON, and may have been edited). Its drifted
    /// repositories are planned again at their heads with the same policy, as <c>apply --repo</c> would, and only that
    /// fresh plan is applied, for the repositories whose fresh plan is the saved entry; the others are refused with
    /// the reason (<see cref="SavedPlanCheck"/>).
    /// </summary>
    private static async Task<SweepResult?> LoadSavedAsync(FileInfo file, ParseResult parse, Policy policy, Option<DirectoryInfo?> path, Option<double> budget, GitHubOptions github, CliContext context, TextWriter stderr, CancellationToken ct)
    {
        if (parse.GetValue(path) is not null || (parse.GetValue(github.Org) ?? []).Length > 0 || (parse.GetValue(github.Repo) ?? []).Length > 0)
        {
            stderr.WriteLine("error: a saved plan names its repositories; don't combine it with --path, --org or --repo");
            return null;
        }

        Plan saved;
        try
        {
            saved = PlanJson.Deserialize(await File.ReadAllTextAsync(file.FullName, ct));
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException or NotSupportedException)
        {
            stderr.WriteLine($"error: cannot read the plan {file.FullName}: {ex.Message}");
            return null;
        }

        if (saved.Policy.Digest != policy.Digest)
        {
            stderr.WriteLine($"error: the plan was made with policy '{SavedPlanCheck.Printable(saved.Policy.Name)}' {SavedPlanCheck.Printable(saved.Policy.Digest)}, but the policy given is '{policy.Name}' {policy.Digest}; pass the same --policy, or plan again");
            return null;
        }

        var refusals = SavedPlanCheck.CheckDocument(saved);
        var drifted = saved.Repositories.Where(r => r.Status == RepositoryStatus.Drift && !refusals.ContainsKey(r.Repository)).ToList();
        var host = github.CreateHost(parse, policy, GitHubScope.Repos(drifted.Select(r => r.Repository)), context, stderr);
        if (host is null)
        {
            return null;
        }

        var fresh = new Dictionary<string, RepositoryPlan>(StringComparer.OrdinalIgnoreCase);
        if (drifted.Count > 0)
        {
            if (Sweep.PlannerFor(parse, policy, budget, stderr) is not { } planner)
            {
                return null;
            }

            var sweep = await Sweep.PlanGitHubAsync(host, planner, Math.Clamp(parse.GetValue(github.Concurrency), 1, 32), stderr, ct);
            if (sweep is null)
            {
                return null;
            }

            foreach (var repo in sweep.Plan.Repositories)
            {
                fresh[repo.Repository] = repo;
            }
        }

        var apply = new List<RepositoryPlan>();
        var refused = new List<ApplyResult>();
        foreach (var entry in saved.Repositories.DistinctBy(r => r.Repository, StringComparer.OrdinalIgnoreCase))
        {
            var reason = refusals.GetValueOrDefault(entry.Repository)
                ?? (entry.Status == RepositoryStatus.Drift ? SavedPlanCheck.Compare(entry, fresh.GetValueOrDefault(entry.Repository)) : null);
            if (reason is not null)
            {
                refused.Add(new ApplyResult(SavedPlanCheck.Printable(entry.Repository), ApplyOutcome.Failed, "error: " + reason));
            }
            else
            {
                // Only what the policy makes now is ever written; the saved entry was just the operator's agreement to it.
                apply.Add(entry.Status == RepositoryStatus.Drift ? fresh[entry.Repository] : entry);
            }
        }

        return new SweepResult(new Planner(policy).Assemble(apply), host, []) { Refused = refused };
    }

    private static string ApplySummary(IReadOnlyList<ApplyResult> results)
    {
        int Count(ApplyOutcome o) => results.Count(r => r.Outcome == o);
        return $"\nApply: {Count(ApplyOutcome.Created)} opened, {Count(ApplyOutcome.Updated)} updated, {Count(ApplyOutcome.UpToDate)} up to date, {Count(ApplyOutcome.Skipped)} skipped, {Count(ApplyOutcome.Failed)} failed";
    }
}
