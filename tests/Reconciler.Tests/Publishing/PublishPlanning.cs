using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Rules;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Publishing;

/// <summary>Plans one workflow (plus manifests) with only the publish rules, and checks what every split must satisfy.</summary>
internal static class PublishPlanning
{
    public const string WorkflowPath = ".github/workflows/release.yml";

    public static RepositoryPlan Plan(string workflow, Policy? policy = null, params (string Path, string Text)[] files)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { [WorkflowPath] = workflow };
        foreach (var (path, text) in files)
        {
            all[path] = text;
        }

        var snapshot = new RepositorySnapshot { FullName = "acme/sdk", DefaultBranch = "main", Files = all };
        return Planner(policy).PlanRepository(snapshot);
    }

    public static Planner Planner(Policy? policy = null) =>
        new(policy ?? PolicyLoader.LoadBuiltIn(), [new PublishTopologyRule(), new GeneratorIgnoreRule()]);

    /// <summary>The rewritten workflow, after checking it lints clean and plans to no further change.</summary>
    public static string Split(string workflow, params (string Path, string Text)[] files)
    {
        var plan = Plan(workflow, null, files);
        var change = Assert.Single(plan.Changes.OfType<FileChange>(), c => c.Path == WorkflowPath);
        var problems = Actionlint.Instance.Lint(change.Content, "release.yml");
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + change.Content);
        var again = Plan(change.Content, null, files);
        Assert.Empty(again.Changes);
        Assert.Empty(again.Findings);
        return change.Content;
    }

    /// <summary>Asserts the job was left alone with a warning whose message contains <paramref name="why"/>.</summary>
    public static void LeftUnchanged(string workflow, string why, params (string Path, string Text)[] files)
    {
        var plan = Plan(workflow, null, files);
        Assert.Empty(plan.Changes);
        var finding = Assert.Single(plan.Findings, f => f.Rule == "publish-topology");
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains(why, finding.Message, StringComparison.Ordinal);
    }
}
