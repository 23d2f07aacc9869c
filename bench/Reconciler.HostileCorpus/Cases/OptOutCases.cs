namespace Reconciler.HostileCorpus.Cases;

/// <summary>
/// Issue item 13: an opt-out file that says "no" in any YAML 1.1/1.2 spelling, or can't be read, must never mean
/// "go ahead": the repository is skipped (or an error) and has no changes. <c>enabled: true</c> is the control.
/// </summary>
public static class OptOutCases
{
    private static readonly (string Name, string Text)[] Refusals =
    [
        ("false", "enabled: false\n"),
        ("False", "enabled: False\n"),
        ("FALSE", "enabled: FALSE\n"),
        ("no", "enabled: no\n"),
        ("No", "enabled: No\n"),
        ("off", "enabled: off\n"),
        ("Off", "enabled: Off\n"),
        ("n", "enabled: n\n"),
        ("quoted-false", "enabled: \"false\"\n"),
        ("zero", "enabled: 0\n"),
        ("null", "enabled:\n"),
        ("garbage", "enabled: [\n"),
        ("not-a-mapping", "- enabled\n- false\n"),
        ("tab-indented", "settings:\n\tenabled: false\n"),
        ("duplicate-key", "enabled: true\nenabled: false\n"),
        ("alias", "x: &f false\nenabled: *f\n"),
        ("bom-crlf", "\uFEFFenabled: false\r\n"),
        ("empty-file", ""),
        ("binary", "enabled: \0false\n"),
    ];

    public static IEnumerable<HostileCase> All()
    {
        foreach (var (name, text) in Refusals)
        {
            yield return new HostileCase($"optout/{name}", "opt-out", "13", f =>
            {
                f.WritePlainWorkflow();
                f.Write(".github/reconcile.yml", text);
                return f.Plan();
            }, Expect.NeighbourPlanned, name == "empty-file" ? null : (_, o) => Verdicts.RepositoryStatus(o.Stdout, "victim") switch
            {
                "skipped" or "error" => null,
                var status => $"victim planned as {status ?? "absent"}: the opt-out was not honoured",
            });
        }

        yield return new HostileCase("optout/true-control", "opt-out", "13", f =>
        {
            f.WritePlainWorkflow();
            f.Write(".github/reconcile.yml", "enabled: true\n");
            return f.Plan();
        }, Expect.NeighbourPlanned, (_, o) => Verdicts.RepositoryStatus(o.Stdout, "victim") == "drift" ? null : "enabled: true did not plan the repository");
    }
}
