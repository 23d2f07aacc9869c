using Reconciler.Core.Hosts.GitHub;
using Reconciler.Core.Hosts.GitHub.Settings;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Worker.Telemetry;

namespace Reconciler.Worker.Execution;

/// <summary>
/// Apply mode on GitHub: the CLI's <see cref="GitHubApplier"/> (settings through <see cref="GitHubSettingsWriter"/>,
/// files as one pull request on the policy's branch), one repository at a time, its result put in run-log terms:
/// <list type="bullet">
/// <item>opened or updated → <c>drift</c> with the plan's change count (written now, pending the merge);</item>
/// <item>up to date → <c>in-sync</c> with 0 changes: nothing left for the worker to write (our pull request is current
/// and waits for a human); the reason names it;</item>
/// <item>skipped (a human commit on our branch, a pull request closed as not wanted) → <c>skipped</c>, the message as reason;</item>
/// <item>failed → <c>error</c> with the message, credentials masked.</item>
/// </list>
/// </summary>
public sealed class GitHubRepositoryApplier(GitHubHost host, Policy policy, ILogger<GitHubRepositoryApplier> logger) : IRepositoryApplier
{
    private readonly GitHubApplier _applier = GitHubHostFactory.CreateApplier(host, policy);

    public async Task<ExecutionResult> ApplyAsync(RepositoryPlan plan, CancellationToken cancellationToken)
    {
        var result = await _applier.ApplyRepositoryAsync(plan, cancellationToken);
        // The tokens this process holds are masked by name, anything shaped like a credential by pattern.
        var message = Redact.Secrets(Secrets.Redact(result.Message)) ?? "";
        logger.LogInformation("{Repository}: {Outcome}: {Message}", plan.Repository, result.Outcome, message);
        return ToExecution(plan, result.Outcome, message);
    }

    internal static ExecutionResult ToExecution(RepositoryPlan plan, ApplyOutcome outcome, string message) => outcome switch
    {
        ApplyOutcome.Created or ApplyOutcome.Updated => new ExecutionResult(RepositoryStatus.Drift, plan.Changes.Count, Reason: message),
        ApplyOutcome.UpToDate => new ExecutionResult(RepositoryStatus.InSync, 0, Reason: message),
        ApplyOutcome.Skipped => new ExecutionResult(RepositoryStatus.Skipped, 0, Reason: Strip(message, "skipped: ")),
        _ => new ExecutionResult(RepositoryStatus.Error, 0, Error: Strip(message, "error: ")),
    };

    private static string Strip(string message, string prefix) =>
        message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
}
