using Reconciler.Core.Policy;
using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

public class PinnedActionsRuleTests
{
    private const string Checkout = "de0fac2e4500dabe0009e67214ff5f5447ce83dd";
    private const string Checkout603 = "df4cb1c069e1874edd31b4311f1884172cec0e10";

    private static string Steps(params string[] uses) =>
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n" + string.Concat(uses.Select(u => $"      - uses: {u}\n"));

    private static RuleRun Run(string workflow, Policy? policy = null, ActionRefs? actions = null) =>
        RuleRun.Of(new PinnedActionsRule(), workflow, policy, actions: actions);

    [Fact]
    public void A_tag_is_pinned_to_the_catalogue_commit_with_the_most_specific_version()
    {
        Assert.Equal(Steps($"actions/checkout@{Checkout} # v6.0.2"), Run(Steps("actions/checkout@v6")).Output);
        Assert.Equal(Steps($"actions/checkout@{Checkout} # v6.0.2"), Run(Steps("actions/checkout@v6.0.2")).Output);
    }

    [Fact]
    public void A_known_older_or_newer_version_pins_to_its_own_commit()
    {
        Assert.Equal(Steps($"actions/checkout@{Checkout603} # v6.0.3"), Run(Steps("actions/checkout@v6.0.3")).Output);
    }

    [Fact]
    public void A_comment_that_disagrees_with_its_sha_is_corrected_and_other_words_kept()
    {
        Assert.Equal(Steps($"actions/checkout@{Checkout} # v6.0.2"), Run(Steps($"actions/checkout@{Checkout} # v5.0.0")).Output);
        Assert.Equal(Steps($"actions/checkout@{Checkout} # v6.0.2"), Run(Steps($"actions/checkout@{Checkout}")).Output);
        Assert.False(Run(Steps($"actions/checkout@{Checkout} # v6.0.2")).Changed);
    }

    [Fact]
    public void Branch_refs_are_reported_and_not_pinned()
    {
        var run = Run(Steps("pypa/gh-action-pypi-publish@release/v1", "actions/checkout@main"));
        Assert.False(run.Changed);
        Assert.Equal(2, run.Findings.Count(f => f.Severity == Severity.Error && f.Message.Contains("follows the branch", StringComparison.Ordinal)));
    }

    [Fact]
    public void Local_and_docker_references_are_left_alone()
    {
        var run = Run(Steps("./.github/actions/setup", "docker://alpine:3.20"));
        Assert.False(run.Changed);
        Assert.Empty(run.Findings);
    }

    [Fact]
    public void Exempt_owners_may_stay_on_tags()
    {
        var policy = RuleRun.PolicyWith("  exemptOwners: [acme]\n");
        var run = Run(Steps("acme/setup-sdk@v2"), policy);
        Assert.False(run.Changed);
        Assert.Empty(run.Findings);
    }

    [Fact]
    public void An_unknown_tag_without_resolution_is_a_finding_without_a_change()
    {
        var run = Run(Steps("actions/checkout@v4"));
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Severity == Severity.Warning && f.Message.Contains("no commit is known for v4", StringComparison.Ordinal));
    }

    [Fact]
    public void Host_resolved_tags_pin_actions_and_reusable_workflows_outside_the_catalogue()
    {
        var sha = new string('a', 40);
        var wf = new string('b', 40);
        var refs = new ActionRefs(new Dictionary<string, ResolvedRef>
        {
            ["astral-sh/setup-uv@v6"] = new(sha, "v6.6.1"),
            ["acme/shared/.github/workflows/verify.yml@1.0.3"] = new(wf, "1.0.3"),
            ["acme/shared@1.0.3"] = new(wf, "1.0.3"),
        });
        var run = Run("on: push\njobs:\n  verify:\n    uses: acme/shared/.github/workflows/verify.yml@1.0.3\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: \"astral-sh/setup-uv@v6\"\n", actions: refs);
        Assert.Equal($"on: push\njobs:\n  verify:\n    uses: acme/shared/.github/workflows/verify.yml@{wf} # 1.0.3\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: \"astral-sh/setup-uv@{sha}\" # v6.6.1\n", run.Output);
    }

    [Fact]
    public void Report_only_policy_changes_nothing_but_reports()
    {
        var policy = RuleRun.PolicyWith(rules: "  pinned-actions:\n    fix: false\n");
        var run = Run(Steps("actions/checkout@v6"), policy);
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => !f.Fixed && f.Rule == "pinned-actions");
    }

    [Fact]
    public void The_pull_request_text_says_each_pin_once()
    {
        var run = Run(Steps("actions/checkout@v6", "actions/setup-python@v6", "actions/checkout@v6"));
        Assert.Equal(
            ["Pinned `actions/checkout@v6` to the commit of v6.0.2 (2 places).", "Pinned `actions/setup-python@v6` to the commit of v6."],
            run.Explanations);
        Assert.Contains(run.Findings, f => f.Severity == Severity.Note && f.Message.Contains("actions/setup-python was pinned with the comment `# v6`", StringComparison.Ordinal));
    }
}
