using Reconciler.Core.Hosts.GitHub;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Rules;

namespace Reconciler.Worker.Scheduling;

/// <summary>Resolves the action tags a repository's workflows use (<c>uses: owner/action@v4</c>) before it is planned.</summary>
public interface IActionTags
{
    Task<ActionRefs> ResolveAsync(RepositorySnapshot snapshot, CancellationToken cancellationToken);
}

/// <summary>Offline (a folder of repositories): nothing to ask, tags stay unresolved as in <c>reconcile plan --path</c>.</summary>
internal sealed class NoActionTags : IActionTags
{
    public Task<ActionRefs> ResolveAsync(RepositorySnapshot snapshot, CancellationToken cancellationToken) => Task.FromResult(ActionRefs.None);
}

/// <summary>
/// On GitHub, through the host's <see cref="ActionResolver"/>, as the CLI's sweep does — but per repository, with a
/// resolver made for each run. That is cheap: one <c>matching-refs</c> GET per action and tag the policy's catalogue
/// doesn't cover, and after the first run each is a conditional request answered 304 from the connection's cache
/// (no rate-limit cost). A resolver kept for the worker's lifetime would save those requests but never see a tag
/// move (<c>v4</c> re-pointed at a new release), so it is not kept.
/// </summary>
internal sealed class GitHubActionTags(GitHubHost host, Policy policy) : IActionTags
{
    public Task<ActionRefs> ResolveAsync(RepositorySnapshot snapshot, CancellationToken cancellationToken) =>
        new ActionResolver(host.Connection).ResolveAsync([snapshot], policy, cancellationToken);
}
