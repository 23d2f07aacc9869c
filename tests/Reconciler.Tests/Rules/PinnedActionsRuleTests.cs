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
        var run = Run(Steps("actions/checkout@v4.1.1"));
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Severity == Severity.Warning && f.Message.Contains("no commit is known for v4.1.1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("actions/checkout@v4", "actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0")]
    [InlineData("actions/checkout@v5", "actions/checkout@fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09 # v5.1.0")]
    [InlineData("actions/setup-python@v5", "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0")]
    [InlineData("actions/setup-node@v4.4.0", "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0")]
    [InlineData("actions/upload-artifact@v4", "actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2")]
    public void Offline_the_previous_majors_tags_pin_from_the_catalogues_known_tags(string uses, string pinned)
    {
        var run = Run(Steps(uses));
        Assert.Equal(Steps(pinned), run.Output);
        Assert.DoesNotContain(run.Findings, f => f.Severity == Severity.Note);
    }

    [Fact]
    public void A_host_resolves_other_tags_of_a_catalogue_action_and_known_tags_stay_the_policys()
    {
        var old = new string('c', 40);
        var other = new string('d', 40);
        var refs = new ActionRefs(new Dictionary<string, ResolvedRef>
        {
            ["actions/checkout@v4.1.1"] = new(old, "v4.1.1"),
            ["actions/checkout@v4"] = new(other, "v4.5.0"), // a plan pins what the policy recorded, with or without a host
        });
        var run = Run(Steps("actions/checkout@v4.1.1", "actions/checkout@v4", "actions/checkout@v6"), actions: refs);
        Assert.Equal(Steps($"actions/checkout@{old} # v4.1.1", "actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0", $"actions/checkout@{Checkout} # v6.0.2"), run.Output);
    }

    [Fact]
    public void A_pin_comment_is_never_made_less_specific()
    {
        // A catalogue that records only the major: the comment someone wrote names the release more exactly.
        var policy = RuleRun.PolicyWith("  catalogue:\n    actions/setup-python:\n      version: v6\n      sha: a309ff8b426b58ec0e2a45f0f869d46889d02405\n");
        var exact = Steps("actions/setup-python@a309ff8b426b58ec0e2a45f0f869d46889d02405 # v6.2.0");
        var kept = Run(exact, policy);
        Assert.False(kept.Changed);
        Assert.Empty(kept.Findings);

        // Another line is still wrong.
        Assert.Equal(Steps("actions/setup-python@a309ff8b426b58ec0e2a45f0f869d46889d02405 # v6"), Run(Steps("actions/setup-python@a309ff8b426b58ec0e2a45f0f869d46889d02405 # v5.0.0"), policy).Output);
    }

    [Fact]
    public void A_comment_naming_only_the_line_is_made_exact_as_a_warning()
    {
        var run = Run(Steps("actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4", "actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0"));
        Assert.Equal(Steps("actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0", "actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0"), run.Output);
        var finding = Assert.Single(run.Findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("names only the line of that commit's release v4.4.0", finding.Message, StringComparison.Ordinal);
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
            ["Pinned `actions/checkout@v6` to the commit of v6.0.2 (2 places).", "Pinned `actions/setup-python@v6` to the commit of v6.2.0."],
            run.Explanations);
        Assert.DoesNotContain(run.Findings, f => f.Severity == Severity.Note);
    }

    [Fact]
    public void A_catalogue_that_knows_only_a_major_is_asked_for_the_full_version()
    {
        var policy = RuleRun.PolicyWith("  catalogue:\n    actions/setup-python:\n      version: v6\n      sha: a309ff8b426b58ec0e2a45f0f869d46889d02405\n");
        var run = Run(Steps("actions/setup-python@v6"), policy);
        Assert.Equal(["Pinned `actions/setup-python@v6` to the commit of v6."], run.Explanations);
        Assert.Contains(run.Findings, f => f.Severity == Severity.Note && f.Message.Contains("actions/setup-python was pinned with the comment `# v6`", StringComparison.Ordinal));
    }
}
