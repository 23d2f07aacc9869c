using Reconciler.Core.Policy;
using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

public class YamlPitfallsRuleTests
{
    private static RuleRun Run(string workflow) => RuleRun.Of(new YamlPitfallsRule(), workflow);

    [Fact]
    public void Versions_that_read_as_a_different_number_are_quoted_in_the_file_style()
    {
        var run = Run("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        python-version: [3.9, 3.10, \"3.11\"]\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: 1.20\n          node-version: 20\n");
        Assert.Equal("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        python-version: [3.9, \"3.10\", \"3.11\"]\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.20'\n          node-version: 20\n", run.Output);
        Assert.Equal(2, run.Findings.Count(f => f.Fixed));
    }

    [Fact]
    public void Yaml11_booleans_passed_to_actions_are_reported_only()
    {
        var run = Run("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/labeler@v5\n        with:\n          sync-labels: yes\n");
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Severity == Severity.Warning && f.Line == 8 && f.Message.Contains("write `true`", StringComparison.Ordinal));
    }
}
