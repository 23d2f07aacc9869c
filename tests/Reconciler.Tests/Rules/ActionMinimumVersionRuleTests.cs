using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

public class ActionMinimumVersionRuleTests
{
    private static RuleRun Run(string workflow, Reconciler.Core.Policy.Policy? policy = null) => RuleRun.Of(new ActionMinimumVersionRule(), workflow, policy);

    [Fact]
    public void An_old_tag_is_raised_to_the_catalogue_version_and_stays_a_tag()
    {
        var run = Run("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/download-artifact@v4\n        with:\n          name: dist\n");
        Assert.Equal("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/download-artifact@v8.0.1\n        with:\n          name: dist\n", run.Output);
        Assert.Contains(run.Findings, f => f.Fixed && f.Message.Contains("older than the policy's minimum v8", StringComparison.Ordinal));
    }

    [Fact]
    public void An_old_pinned_sha_gets_the_new_sha_and_comment_together()
    {
        var run = Run("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/download-artifact@fa0a91b85d4f404e444e00e005971372dc801d16 # v4.1.8\n");
        Assert.Contains("actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_reusable_workflow_is_raised_keeping_its_ref_style()
    {
        var policy = RuleRun.PolicyWith("  minimumVersions:\n    acme/shared-actions/.github/workflows/verify.yml: 1.0.3\n");
        var run = Run("on: push\njobs:\n  verify:\n    uses: acme/shared-actions/.github/workflows/verify.yml@1.0.2\n    secrets: inherit\n", policy);
        Assert.Equal("on: push\njobs:\n  verify:\n    uses: acme/shared-actions/.github/workflows/verify.yml@1.0.3\n    secrets: inherit\n", run.Output);
        var v = Run("on: push\njobs:\n  verify:\n    uses: acme/shared-actions/.github/workflows/verify.yml@v1.0.2\n", policy);
        Assert.Contains("verify.yml@v1.0.3\n", v.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Versions_at_or_above_the_minimum_are_left_alone()
    {
        Assert.False(Run("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/download-artifact@v8\n      - uses: actions/upload-artifact@v4\n").Changed);
    }

    [Fact]
    public void An_old_sha_with_no_known_target_is_reported_without_a_change()
    {
        var policy = RuleRun.PolicyWith("  minimumVersions:\n    acme/tool: v3\n");
        var run = Run("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/tool@0123456789012345678901234567890123456789 # v2.0.0\n", policy);
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => !f.Fixed && f.Message.Contains("no commit is known for v3", StringComparison.Ordinal));
    }
}
