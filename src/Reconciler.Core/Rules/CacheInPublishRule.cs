using Reconciler.Core.Policy;
using Reconciler.Core.Workflows;

namespace Reconciler.Core.Rules;

/// <summary>Report: caches restored in a workflow that publishes (cache poisoning reaches the release).</summary>
public sealed class CacheInPublishRule : IWorkflowRule
{
    public string Id => "cache-in-publish";

    public string Title => "Publishing workflows don't restore caches";

    public string Help =>
        "Caches are shared across a repository's runs, including pull-request runs that execute untrusted code. " +
        "A poisoned dependency cache restored in a release build ends up in the published package. Release builds " +
        "should install from the registry (with a lock file), not from a cache.";

    public Severity DefaultSeverity => Severity.Warning;

    public void Check(WorkflowContext context)
    {
        if (!PublishDetection.Publishes(context.Workflow))
        {
            return;
        }

        foreach (var site in UsesSite.All(context.Workflow).Where(s => s.Step is not null && s.Reference.IsRemote))
        {
            var r = site.Reference;
            var with = site.Step!.With;
            var what = r.Action.Equals("actions/cache", StringComparison.OrdinalIgnoreCase) && !r.Path.EndsWith("save", StringComparison.Ordinal) ? "restores a cache"
                : r.Action.StartsWith("actions/setup-", StringComparison.OrdinalIgnoreCase) && with?.Text("cache") is { } c && c != "false" && c != "" ? $"restores the {c} cache (`cache: {c}`)"
                : r.Action.Equals("actions/setup-go", StringComparison.OrdinalIgnoreCase) && with?.Text("cache") is null ? "restores the Go module cache (setup-go caches unless `cache: false`)"
                : r.Action.Equals("ruby/setup-ruby", StringComparison.OrdinalIgnoreCase) && with?.Text("bundler-cache") == "true" ? "restores the bundler cache"
                : r.Action.Equals("astral-sh/setup-uv", StringComparison.OrdinalIgnoreCase) && with?.Text("enable-cache") == "true" ? "restores the uv cache"
                : null;
            if (what is not null)
            {
                context.Report(site.Node, $"{site.Where} {what} in a workflow that publishes; a cache written by a pull-request run can reach the release");
            }
        }
    }
}
