using Reconciler.Core.Planning;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>Renders a pull request's body from a repository's plan (the marker is added by the applier).</summary>
public delegate string PullRequestBodyRenderer(RepositoryPlan plan, PlanPolicy policy);
