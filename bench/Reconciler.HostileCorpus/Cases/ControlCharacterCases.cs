namespace Reconciler.HostileCorpus.Cases;

/// <summary>
/// Issue item 14: control characters from a repository (job ids, step names, file and folder names, errors quoting
/// the text) must reach the terminal escaped. Run with the text format; any C0 (but tab and newline), DEL or C1
/// character in the output fails the case.
/// </summary>
public static class ControlCharacterCases
{
    public static IEnumerable<HostileCase> All()
    {
        yield return Case("control/job-id-esc", f => f.Write(".github/workflows/ci.yml", Job("\"x\\e[2J\\e[Hpwn\"", "s")));
        yield return Case("control/step-name-title", f => f.Write(".github/workflows/ci.yml", Job("build", "\"\\e]0;owned\\a\"")));
        yield return Case("control/step-name-cr", f => f.Write(".github/workflows/ci.yml", Job("build", "\"ok\\r~ neighbour  in-sync\"")));
        yield return Case("control/step-name-backspace", f => f.Write(".github/workflows/ci.yml", Job("build", "\"abc\\b\\b\\bxyz\"")));
        yield return Case("control/step-name-c1-csi", f => f.Write(".github/workflows/ci.yml", Job("build", "\"\\u009b2J\"")));
        yield return Case("control/raw-esc-in-comment", f => f.Write(".github/workflows/ci.yml", "# \u001b[2J\n" + Job("build", "s")));
        yield return Case("control/raw-esc-in-scalar", f => f.Write(".github/workflows/ci.yml", Job("build", "a\u001b[31mred")));
        yield return Case("control/file-name-esc", f => f.Write(".github/workflows/\u001b[2Jci.yml", Job("build", "s")));
        yield return Case("control/file-name-newline", f => f.Write(".github/workflows/ci\nFORGED-LINE.yml", Job("build", "s")), (_, o) =>
            o.Stdout.Contains("\nFORGED-LINE", StringComparison.Ordinal) ? "a newline in a file name started a line of its own" : null);
        yield return Case("control/repo-folder-esc", f =>
        {
            f.VictimName = "victim\u001b[2J";
            f.Write(".github/workflows/ci.yml", Job("build", "s"));
        });
        yield return Case("control/action-name-bel", f =>
        {
            f.WritePlainWorkflow();
            f.Write(".github/actions/setup/action.yml", "name: \"a\\a\\a\"\nruns:\n  using: composite\n  steps:\n    - name: \"\\e[8m\"\n      shell: bash\n      run: echo\n");
        });
    }

    private static string Job(string id, string stepName) => $"""
        name: ci
        on: push
        jobs:
          {id}:
            runs-on: ubuntu-latest
            steps:
              - name: {stepName}
                uses: actions/checkout@v3
              - run: echo hi

        """;

    private static HostileCase Case(string id, Action<CaseFolder> make, Func<CaseFolder, Outcome, string?>? also = null) =>
        new(id, "control-chars", "14", f =>
        {
            make(f);
            return f.PlanText();
        }, Expect.NeighbourPlanned, (f, o) =>
        {
            if (also?.Invoke(f, o) is { } harm)
            {
                return harm;
            }

            var raw = o.Stdout.Concat(o.Stderr).FirstOrDefault(ch => (ch < ' ' && ch is not '\n' and not '\t') || ch is >= '\u007f' and <= '\u009f');
            return raw == default ? null : $"raw U+{(int)raw:X4} in the terminal output";
        });
}
