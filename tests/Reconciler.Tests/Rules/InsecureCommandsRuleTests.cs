using Reconciler.Core.Policy;
using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

public class InsecureCommandsRuleTests
{
    private const string Workflow = """
        on: push
        env:
          ACTIONS_ALLOW_UNSECURE_COMMANDS: true
        jobs:
          build:
            runs-on: ubuntu-latest
            env:
              ACTIONS_ALLOW_UNSECURE_COMMANDS: 'TRUE'
            steps:
              - name: Legacy
                run: echo "::add-path::/opt/tool"
                env:
                  ACTIONS_ALLOW_UNSECURE_COMMANDS: " true "

        """;

    [Fact]
    public void True_at_workflow_job_and_step_level_is_reported_at_the_variable()
    {
        var run = RuleRun.Of(new InsecureCommandsRule(), Workflow);

        Assert.False(run.Changed);
        Assert.Collection(
            run.Findings,
            f => Assert.Equal(("workflow: ", 3, 3), (f.Message[..10], f.Line, f.Column)),
            f => Assert.Equal(("job build: ", 8, 7), (f.Message[..11], f.Line, f.Column)),
            f => Assert.Equal(("job build, step 1 (Legacy): ", 13, 11), (f.Message[..28], f.Line, f.Column)));
        Assert.All(run.Findings, f => Assert.Equal((Severity.Error, false, "insecure-commands"), (f.Severity, f.Fixed, f.Rule)));
        Assert.Contains("re-enables `::set-env` and `::add-path`", run.Findings[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("'false'")]
    [InlineData("0")]
    [InlineData("yes")]
    [InlineData("")]
    public void Values_the_runner_does_not_read_as_true_are_left_alone(string value)
    {
        var run = RuleRun.Of(new InsecureCommandsRule(), $"on: push\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: {value}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ACTIONS_ALLOW_UNSECURE_COMMANDS=true\n");
        Assert.Empty(run.Findings);
    }

    [Fact]
    public void An_expression_is_a_warning_it_may_be_true()
    {
        var run = RuleRun.Of(new InsecureCommandsRule(), "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      ACTIONS_ALLOW_UNSECURE_COMMANDS: ${{ vars.LEGACY }}\n    steps:\n      - run: echo\n");
        var finding = Assert.Single(run.Findings);
        Assert.Equal((Severity.Warning, 6, 7), (finding.Severity, finding.Line, finding.Column));
    }

    [Fact]
    public void Composite_action_steps_are_checked_too()
    {
        const string path = ".github/actions/setup/action.yml";
        var action = "name: Set up\nruns:\n  using: composite\n  steps:\n    - name: Add tool\n      run: echo \"::add-path::$PWD/bin\"\n      shell: bash\n      env:\n        ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n";
        var run = RuleRun.Of(new InsecureCommandsRule(), "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/setup\n", otherFiles: new Dictionary<string, string> { [path] = action });

        var finding = Assert.Single(run.Findings);
        Assert.Equal((path, 9, 9), (finding.Path, finding.Line, finding.Column));
        Assert.StartsWith("step 1 (Add tool): ", finding.Message, StringComparison.Ordinal);
        Assert.Empty(run.Plan.Changes);
    }
}
