using Reconciler.Core.Policy;
using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

public class GitHubEnvRuleTests
{
    private const string Workflow = """
        on: pull_request_target
        jobs:
          label:
            runs-on: ubuntu-latest
            env:
              TITLE: ${{ github.event.pull_request.title }}
            steps:
              - name: Branch
                run: echo "BRANCH=${{ github.head_ref }}" >> "$GITHUB_ENV"
              - run: |
                  echo "TITLE=$TITLE" >>${GITHUB_ENV}
                  echo "CONST=1" >> $GITHUB_ENV
                  cat >> $GITHUB_ENV <<EOF
                  LABEL=${{ github.event.label.name }}
                  EOF
              - shell: pwsh
                run: Add-Content $env:GITHUB_PATH "${{ github.event.pull_request.head.repo.name }}"
          build:
            runs-on: ubuntu-latest
            steps:
              - run: echo "EARLY=$(cat version.txt)" | tee -a $GITHUB_ENV
              - uses: actions/checkout@v6
                with:
                  ref: ${{ github.event.pull_request.head.sha }}
              - name: Version
                run: echo "VERSION=$(cat version.txt)" | tee -a $GITHUB_ENV

        """;

    [Fact]
    public void Writes_of_expressions_and_of_checked_out_code_are_reported_at_the_write()
    {
        var run = RuleRun.Of(new GitHubEnvRule(), Workflow);

        Assert.False(run.Changed);
        Assert.Equal([(9, 51), (11, 31), (13, 15), (17, 14), (26, 50)], run.Findings.Select(f => (f.Line, f.Column)));
        Assert.Equal(
            [
                "job label, step 1 (Branch): writes to $GITHUB_ENV in a workflow triggered by pull_request_target, and the value comes from `${{ github.head_ref }}`",
                "job label, step 2: writes to $GITHUB_ENV in a workflow triggered by pull_request_target, and the value comes from `$TITLE`, set from an expression",
                "job label, step 2: writes to $GITHUB_ENV in a workflow triggered by pull_request_target, and the value comes from `${{ github.event.label.name }}`",
                "job label, step 3: writes to $GITHUB_PATH in a workflow triggered by pull_request_target, and the value comes from `${{ github.event.pull_request.head.repo.name }}`",
                "job build, step 3 (Version): writes to $GITHUB_ENV in a workflow triggered by pull_request_target, and the job checked out `${{ github.event.pull_request.head.sha }}` (job build, step 2), so the value can come from the pull request's code",
            ],
            run.Findings.Select(f => f.Message[..f.Message.IndexOf("; whoever", StringComparison.Ordinal)]));
        Assert.Contains("puts directories in front of PATH", run.Findings[3].Message, StringComparison.Ordinal);
        Assert.All(run.Findings, f => Assert.Equal((Severity.Error, false), (f.Severity, f.Fixed)));
    }

    [Fact]
    public void Workflow_run_counts_and_a_constant_in_a_push_workflow_is_fine()
    {
        const string wf = "on: workflow_run\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"SHA=${{ github.event.workflow_run.head_branch }}\" >> $GITHUB_ENV\n      - run: echo \"CONST=1\" >> $GITHUB_ENV\n";
        var finding = Assert.Single(RuleRun.Of(new GitHubEnvRule(), wf).Findings);
        Assert.Equal((6, 70), (finding.Line, finding.Column));
        Assert.Empty(RuleRun.Of(new GitHubEnvRule(), wf.Replace("workflow_run", "push", StringComparison.Ordinal)).Findings);
    }

    [Fact]
    public void A_constant_in_a_privileged_workflow_without_an_untrusted_checkout_is_fine()
    {
        var run = RuleRun.Of(new GitHubEnvRule(), "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n      - run: |\n          echo \"CONST=1\" >> \"$GITHUB_ENV\"\n          echo \"$PWD/bin\" | tee -a \"${GITHUB_PATH}\"\n");
        Assert.Empty(run.Findings);
    }

    [Theory]
    [InlineData("echo \"A=${{ github.head_ref }}\" >> $GITHUB_ENV", true)]
    [InlineData("echo \"A=${{ github.head_ref }}\" > \"${GITHUB_ENV}\"", true)]
    [InlineData("echo \"${{ github.head_ref }}\" | tee -a \"$GITHUB_PATH\"", true)]
    [InlineData("echo A=${{ github.head_ref }} >> %GITHUB_ENV%", true)]
    [InlineData("\"A=${{ github.head_ref }}\" | Out-File -FilePath $env:GITHUB_ENV -Append", true)]
    [InlineData("\"A=${{ github.head_ref }}\" >> $Env:GITHUB_ENV", true)]
    [InlineData("echo \"${{ github.head_ref }}\" $GITHUB_ENV", false)]
    [InlineData("echo \"A=${{ github.head_ref }}\" >> $GITHUB_ENVIRONMENT", false)]
    public void Writes_are_recognised_in_each_shell(string command, bool reported)
    {
        var run = RuleRun.Of(new GitHubEnvRule(), $"on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: '{command}'\n");
        Assert.Equal(reported ? 1 : 0, run.Findings.Count);
    }
}
