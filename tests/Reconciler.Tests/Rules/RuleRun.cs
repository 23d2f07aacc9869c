using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

/// <summary>Runs one rule through the real planner on one workflow, as the rule tests need.</summary>
internal sealed class RuleRun
{
    public const string WorkflowPath = ".github/workflows/ci.yml";

    private RuleRun(RepositoryPlan plan, string input)
    {
        Plan = plan;
        Input = input;
    }

    public RepositoryPlan Plan { get; }

    public string Input { get; }

    /// <summary>The workflow after the plan (the input when nothing changed).</summary>
    public string Output => Plan.Changes.OfType<FileChange>().FirstOrDefault(c => c.Path == WorkflowPath)?.Content ?? Input;

    public bool Changed => Output != Input;

    public IReadOnlyList<Finding> Findings => Plan.Findings;

    public IReadOnlyList<string> Explanations => Plan.Changes.OfType<FileChange>().SelectMany(c => c.Explanations).ToList();

    public static RuleRun Of(
        IRule rule,
        string workflow,
        Policy? policy = null,
        string defaultBranch = "main",
        IReadOnlyDictionary<string, string>? otherFiles = null,
        ActionRefs? actions = null)
    {
        var files = new Dictionary<string, string>(otherFiles ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [WorkflowPath] = workflow };
        var snapshot = new RepositorySnapshot { FullName = "acme/sdk", DefaultBranch = defaultBranch, Files = files };
        var plan = new Planner(policy ?? PolicyLoader.LoadBuiltIn(), [rule]) { CheckIncrementalParses = true }.PlanRepository(snapshot, actions);
        return new RuleRun(plan, workflow);
    }

    /// <summary>A small policy with the given <c>actions:</c> and <c>rules:</c> blocks (YAML, indented two spaces).</summary>
    public static Policy PolicyWith(string actions = "", string rules = "") =>
        PolicyLoader.Load($"apiVersion: reconcile.dev/v1\nkind: Policy\nmetadata:\n  name: test\n{(actions.Length > 0 ? "actions:\n" + actions : "")}{(rules.Length > 0 ? "rules:\n" + rules : "")}", "test");
}
