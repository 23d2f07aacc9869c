namespace Reconciler.Tests.Support;

public class ShellcheckTests
{
    private const string Path = ".github/workflows/ci.yml";

    private static string Workflow(string script, string extra = "") =>
        $"on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n{extra}    steps:\n      - run: |\n{string.Join("\n", script.Split('\n').Select(l => "          " + l))}\n";

    [Fact]
    public void A_script_that_does_not_parse_is_a_new_problem()
    {
        var problems = Shellcheck.NewProblems(Workflow("echo ok"), Workflow("if [ -n \"$X\" ]; then\n  echo x"), Path);
        Assert.Contains(problems, p => p.Contains("job a step 1", StringComparison.Ordinal) && p.Contains("SC10", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_the_input_had_are_not_new_even_when_the_script_moved()
    {
        const string unquoted = "cd $DIR";
        var before = Workflow(unquoted);
        Assert.NotEmpty(Shellcheck.NewProblems(null, before, Path));
        var moved = before.Replace("jobs:\n", "jobs:\n  first:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo first\n", StringComparison.Ordinal);
        Assert.Empty(Shellcheck.NewProblems(before, moved, Path));
        Assert.Single(Shellcheck.NewProblems(before, Workflow(unquoted + "\necho $OTHER"), Path));
    }

    [Fact]
    public void Expressions_read_as_text_the_runner_substitutes()
    {
        // Unreplaced, `${{ x }}` is a bad substitution (SC2296); compared with a word it is not a constant.
        Assert.Empty(Shellcheck.NewProblems(null, Workflow("echo \"${{ github.ref }}\"\nif [ \"${{ inputs.dry-run }}\" = \"true\" ]; then\n  echo dry\nfi"), Path));
    }

    [Fact]
    public void Scripts_of_other_shells_are_not_read()
    {
        const string powershell = "Write-Host $env:X; if ($true) { exit 1 }";
        Assert.Empty(Shellcheck.Scripts(Path, Workflow(powershell).Replace("runs-on: ubuntu-latest", "runs-on: windows-latest", StringComparison.Ordinal)));
        Assert.Empty(Shellcheck.Scripts(Path, Workflow(powershell, "    defaults:\n      run:\n        shell: pwsh\n")));
        var bash = Assert.Single(Shellcheck.Scripts(Path, Workflow("echo hi", "    defaults:\n      run:\n        shell: bash\n").Replace("runs-on: ubuntu-latest", "runs-on: windows-latest", StringComparison.Ordinal)));
        Assert.Equal("bash", bash.Dialect);
        var composite = Shellcheck.Scripts(".github/actions/x/action.yml", "runs:\n  using: composite\n  steps:\n    - run: echo hi\n      shell: sh\n    - run: print(1)\n      shell: python\n");
        Assert.Equal("sh", Assert.Single(composite).Dialect);
    }
}
