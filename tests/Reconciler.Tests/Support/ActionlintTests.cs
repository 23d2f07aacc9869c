namespace Reconciler.Tests.Support;

public class ActionlintTests
{
    [Fact]
    public void Actionlint_accepts_a_valid_workflow_and_rejects_a_broken_one()
    {
        Assert.Empty(Actionlint.Instance.Lint("on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n"));
        var problems = Actionlint.Instance.Lint("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [missing]\n    steps:\n      - run: echo hi\n");
        Assert.Contains(problems, p => p.Contains("missing", StringComparison.Ordinal));
    }
}
