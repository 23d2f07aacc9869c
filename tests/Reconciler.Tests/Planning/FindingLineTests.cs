using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;

namespace Reconciler.Tests.Planning;

public class FindingLineTests
{
    [Fact]
    public void Findings_of_later_rules_point_at_lines_of_the_original_file()
    {
        // Earlier rules insert lines (the job split, permissions, concurrency) above the steps later rules report on.
        const string workflow = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n      - run: echo \"${{ github.event.pull_request.title }}\"\n      - uses: actions/checkout@main\n      - run: npm publish\n";
        var snapshot = new RepositorySnapshot { FullName = "acme/x", DefaultBranch = "main", Files = new Dictionary<string, string> { [".github/workflows/ci.yml"] = workflow } };
        var plan = new Planner(PolicyLoader.LoadBuiltIn()).PlanRepository(snapshot);
        Assert.Equal(7, plan.Findings.Single(f => f.Rule == "template-injection").Line);
        Assert.Equal(8, plan.Findings.Single(f => f.Rule == "pinned-actions" && f.Message.Contains("branch", StringComparison.Ordinal)).Line);
        Assert.Equal(1, plan.Findings.Single(f => f.Rule == "root-permissions").Line);
        Assert.Equal(3, plan.Findings.Single(f => f.Rule == "publish-topology" && f.Fixed).Line);
    }
}
