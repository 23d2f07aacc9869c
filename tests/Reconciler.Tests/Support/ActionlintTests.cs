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

    [Fact]
    public void Actionlint_knows_todays_runner_labels_and_permission_scopes()
    {
        // actionlint 1.6 rejected both: the tests need a 1.7 build.
        Assert.Empty(Actionlint.Instance.Lint("on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04-arm\n    permissions:\n      attestations: write\n      id-token: write\n    steps:\n      - run: echo hi\n"));
        Assert.Contains(Actionlint.Instance.Lint("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      releases: write\n    steps:\n      - run: echo hi\n"), p => p.Contains("releases", StringComparison.Ordinal));
    }

    [Fact]
    public void New_problems_are_those_the_input_did_not_have_wherever_they_moved()
    {
        const string before = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [missing]\n    steps:\n      - run: echo hi\n";
        const string moved = "on: push\njobs:\n  z:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo z\n  a:\n    runs-on: ubuntu-latest\n    needs: [missing]\n    steps:\n      - run: echo hi\n";
        Assert.Empty(Actionlint.Instance.NewProblems(before, moved, "ci.yml"));
        var added = before.Replace("needs: [missing]", "needs: [missing, other]", StringComparison.Ordinal);
        Assert.Contains("other", Assert.Single(Actionlint.Instance.NewProblems(before, added, "ci.yml")), StringComparison.Ordinal);
        Assert.Equal(2, Actionlint.Instance.NewProblems(null, added, "ci.yml").Count);
    }
}
