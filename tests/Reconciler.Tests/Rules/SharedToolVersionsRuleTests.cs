using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

public class SharedToolVersionsRuleTests
{
    private static string Job(string id, string version) =>
        $"  {id}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-python@v6\n        with:\n          python-version: {version}\n";

    private static RuleRun Run(string workflow, Reconciler.Core.Policy.Policy? policy = null) => RuleRun.Of(new SharedToolVersionsRule(), workflow, policy);

    [Fact]
    public void A_version_repeated_in_two_jobs_moves_to_workflow_env()
    {
        var run = Run("on: push\n\njobs:\n" + Job("a", "'3.12'") + Job("b", "'3.12'"));
        Assert.Equal("on: push\n\nenv:\n  PYTHON_VERSION: '3.12'\n\njobs:\n" + Job("a", "${{ env.PYTHON_VERSION }}") + Job("b", "${{ env.PYTHON_VERSION }}"), run.Output);
    }

    [Fact]
    public void A_version_used_once_or_below_the_policy_threshold_stays()
    {
        Assert.False(Run("on: push\njobs:\n" + Job("a", "'3.12'") + Job("b", "'3.11'")).Changed);
        var policy = RuleRun.PolicyWith(rules: "  shared-tool-versions:\n    minimumRepeats: 3\n");
        Assert.False(Run("on: push\njobs:\n" + Job("a", "'3.12'") + Job("b", "'3.12'"), policy).Changed);
    }

    [Fact]
    public void Poetry_versions_in_scripts_are_hoisted_and_an_existing_env_is_extended()
    {
        const string poetry = "      - run: curl -sSL https://install.python-poetry.org | python - -y --version 1.5.1\n";
        var run = Run("on: push\nenv:\n  CI: true\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n" + poetry + "  b:\n    runs-on: ubuntu-latest\n    steps:\n" + poetry);
        var hoisted = poetry.Replace("1.5.1", "${{ env.POETRY_VERSION }}", StringComparison.Ordinal);
        Assert.Equal("on: push\nenv:\n  CI: true\n  POETRY_VERSION: '1.5.1'\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n" + hoisted + "  b:\n    runs-on: ubuntu-latest\n    steps:\n" + hoisted, run.Output);
    }

    [Fact]
    public void A_conflicting_env_value_is_reported_and_nothing_changes()
    {
        var run = Run("on: push\nenv:\n  PYTHON_VERSION: '3.11'\njobs:\n" + Job("a", "'3.12'") + Job("b", "'3.12'"));
        Assert.False(run.Changed);
        Assert.Contains(run.Findings, f => f.Message.Contains("already sets it", StringComparison.Ordinal));
    }

    [Fact]
    public void Pip_installed_poetry_versions_count_too()
    {
        const string pip = "      - run: pip install poetry==1.8.3\n";
        var run = Run("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n" + pip + "  b:\n    runs-on: ubuntu-latest\n    steps:\n" + pip);
        Assert.Contains("  POETRY_VERSION: '1.8.3'\n", run.Output, StringComparison.Ordinal);
        Assert.Equal(2, run.Output.Split("pip install poetry==${{ env.POETRY_VERSION }}").Length - 1);
    }
}
