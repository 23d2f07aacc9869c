using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

public class ConcurrencyRuleTests
{
    private const string Publishing = "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n";

    private static RuleRun Run(string workflow, string branch = "main", Reconciler.Core.Policy.Policy? policy = null) =>
        RuleRun.Of(new ConcurrencyRule(), workflow, policy, defaultBranch: branch);

    [Fact]
    public void A_publishing_workflow_gets_a_group_that_never_cancels_the_real_default_branch()
    {
        var run = Run(Publishing, branch: "master");
        Assert.Equal("on: push\nconcurrency:\n  group: ${{ github.workflow }}-${{ github.ref }}\n  cancel-in-progress: ${{ github.ref != 'refs/heads/master' }}\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n", run.Output);
    }

    [Fact]
    public void Workflows_that_do_not_publish_are_left_alone()
    {
        var run = Run("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n");
        Assert.False(run.Changed);
        Assert.Empty(run.Findings);
    }

    [Theory]
    [InlineData("concurrency:\n  group: release\n  cancel-in-progress: false\n")]
    [InlineData("concurrency:\n  group: ${{ github.workflow }}-${{ github.ref }}\n  cancel-in-progress: ${{ github.ref != 'refs/heads/main' }}\n")]
    [InlineData("concurrency:\n  group: ${{ github.workflow }}-${{ github.ref }}\n  cancel-in-progress: ${{ github.event_name == 'pull_request' }}\n")]
    [InlineData("concurrency: release-${{ github.ref }}\n")]
    public void A_block_that_never_cancels_the_default_branch_is_kept(string block)
    {
        var run = Run(Publishing.Replace("jobs:", block + "jobs:", StringComparison.Ordinal));
        Assert.False(run.Changed);
    }

    [Fact]
    public void Cancelling_everywhere_is_replaced_and_a_group_shared_by_all_refs_is_fixed_too()
    {
        var run = Run(Publishing.Replace("jobs:", "concurrency:\n  group: publish-${{ github.event.push.ref }}\n  cancel-in-progress: true\njobs:", StringComparison.Ordinal));
        Assert.StartsWith("on: push\nconcurrency:\n  group: ${{ github.workflow }}-${{ github.ref }}\n  cancel-in-progress: ${{ github.ref != 'refs/heads/main' }}\njobs:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_never_setting_writes_false()
    {
        var policy = RuleRun.PolicyWith(rules: "  concurrency:\n    cancelInProgress: never\n");
        Assert.Contains("  cancel-in-progress: false\n", Run(Publishing, policy: policy).Output, StringComparison.Ordinal);
    }
}
