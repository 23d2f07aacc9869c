using Reconciler.Core.Policy;
using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

public class OverprovisionedSecretsRuleTests
{
    private const string Workflow = """
        on: push
        env:
          ALL: ${{ toJSON(secrets) }}
        jobs:
          a:
            runs-on: ubuntu-latest
            strategy:
              matrix:
                name: [NPM_TOKEN, PYPI_TOKEN]
            steps:
              - name: Dump
                run: echo '${{ toJSON(secrets) }}' > s.json
              - uses: some/action@v1
                with:
                  all: ${{ ToJson( secrets ) }}
                  one: ${{ secrets[matrix.name] }}
                  named: ${{ secrets['NPM_TOKEN'] }}
              - if: contains(toJSON(secrets), 'x')
                run: echo secrets[0] # toJSON(secrets)

        """;

    [Fact]
    public void Every_expression_that_reaches_all_secrets_is_reported_where_it_is_written()
    {
        var run = RuleRun.Of(new OverprovisionedSecretsRule(), Workflow);

        Assert.False(run.Changed);
        Assert.Equal([(3, 12), (12, 24), (15, 20), (16, 20), (18, 22)], run.Findings.Select(f => (f.Line, f.Column)));
        Assert.Equal(["workflow", "job a, step 1 (Dump)", "job a, step 2", "job a, step 2", "job a, step 3"], run.Findings.Select(f => f.Message[..f.Message.IndexOf(": ", StringComparison.Ordinal)]));
        Assert.Contains("`ToJson( secrets )` puts every secret the run can see into one value", run.Findings[2].Message, StringComparison.Ordinal);
        Assert.Contains("`secrets[matrix.name]` reads a secret by a computed name", run.Findings[3].Message, StringComparison.Ordinal);
        Assert.All(run.Findings, f => Assert.Equal((Severity.Warning, false), (f.Severity, f.Fixed)));
    }

    [Fact]
    public void Other_contexts_named_secrets_and_plain_text_are_left_alone()
    {
        var run = RuleRun.Of(new OverprovisionedSecretsRule(), "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo '${{ toJSON(github) }}' '${{ secrets.NPM_TOKEN }}' '${{ toJSON(inputs.secrets) }}' 'toJSON(secrets)'\n        env:\n          X: ${{ github.event.inputs.secrets[0] }}\n");
        Assert.Empty(run.Findings);
    }

    [Fact]
    public void Composite_actions_have_no_secrets_context_and_are_not_read()
    {
        Assert.IsNotAssignableFrom<IActionFileRule>(new OverprovisionedSecretsRule());
    }
}
