using Reconciler.Core.Policy;
using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

public class BotConditionsRuleTests
{
    private const string Workflow = """
        on: pull_request_target
        jobs:
          automerge:
            if: github.actor == 'dependabot[bot]'
            runs-on: ubuntu-latest
            steps:
              - name: Approve
                if: ${{ 'renovate[bot]' == github.triggering_actor }}
                run: gh pr review --approve
              - if: github.event.pull_request.user.login == 'dependabot[bot]' && github.actor != 'dependabot[bot]'
                run: gh pr merge --auto

        """;

    [Fact]
    public void Job_and_step_conditions_that_trust_a_bot_actor_are_reported_at_the_comparison()
    {
        var run = RuleRun.Of(new BotConditionsRule(), Workflow);

        Assert.False(run.Changed);
        Assert.Collection(
            run.Findings,
            f =>
            {
                Assert.Equal((4, 9), (f.Line, f.Column));
                Assert.Equal("job automerge: `if: github.actor == 'dependabot[bot]'` trusts the actor's name in a workflow triggered by pull_request_target; the actor is whoever caused the run (a bot that touched the pull request, whoever re-ran it), not who wrote the code; check `github.event.pull_request.user.login` instead", f.Message);
            },
            f =>
            {
                Assert.Equal((8, 17), (f.Line, f.Column));
                Assert.StartsWith("job automerge, step 1 (Approve): `if: 'renovate[bot]' == github.triggering_actor`", f.Message, StringComparison.Ordinal);
            });
        Assert.All(run.Findings, f => Assert.Equal((Severity.Warning, false), (f.Severity, f.Fixed)));
    }

    [Theory]
    [InlineData("on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\n", "workflow_run")]
    [InlineData("on: [issue_comment, push]\n", "issue_comment")]
    public void Other_privileged_triggers_and_bot_suffix_checks_count(string on, string trigger)
    {
        var run = RuleRun.Of(new BotConditionsRule(), on + "jobs:\n  a:\n    runs-on: ubuntu-latest\n    if: endsWith(github.actor, '[bot]')\n    steps:\n      - run: echo\n");
        var finding = Assert.Single(run.Findings);
        Assert.Equal(9, finding.Column);
        Assert.Contains($"triggered by {trigger};", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_pull_request_workflow_has_no_privileges_to_protect()
    {
        Assert.Empty(RuleRun.Of(new BotConditionsRule(), Workflow.Replace("pull_request_target", "pull_request", StringComparison.Ordinal)).Findings);
    }
}
