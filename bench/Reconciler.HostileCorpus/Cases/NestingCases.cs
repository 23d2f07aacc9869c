using static Reconciler.HostileCorpus.Yaml;

namespace Reconciler.HostileCorpus.Cases;

/// <summary>Issue item 1: deep nesting in each of the three forms, in every file the planner or the policy loader reads.</summary>
public static class NestingCases
{
    private static readonly Nesting[] Forms = [Nesting.FlowSequence, Nesting.BlockSequence, Nesting.FlowMapping];

    public static IEnumerable<HostileCase> All()
    {
        foreach (var form in Forms)
        {
            foreach (var depth in new[] { 256, 5000, 10000 })
            {
                yield return Case("workflow", form, depth, f => f.Write(".github/workflows/deep.yml", $$"""
                    name: deep
                    on: push
                    jobs:
                      build:
                        runs-on: ubuntu-latest
                        steps:
                          - uses: actions/checkout@v3
                          - run: echo hi
                            env:
                              DEEP:{{Deep(form, depth, 10)}}
                    """));
            }

            foreach (var depth in new[] { 256, 5000, 10000 })
            {
                yield return Case("action", form, depth, f =>
                {
                    f.WritePlainWorkflow();
                    f.Write(".github/actions/setup/action.yml", $$"""
                        name: setup
                        runs:
                          using: composite
                          steps:
                            - shell: bash
                              run: echo hi
                              env:
                                DEEP:{{Deep(form, depth, 8)}}
                        """);
                });
                yield return Case("dependabot", form, depth, f =>
                {
                    f.WritePlainWorkflow();
                    f.Write(".github/dependabot.yml", $$"""
                        version: 2
                        updates:
                          - package-ecosystem: pip
                            directory: /
                            schedule:
                              interval: weekly
                            ignore:{{Deep(form, depth, 4)}}
                        """);
                });
                yield return Case("optout", form, depth, f =>
                {
                    f.WritePlainWorkflow();
                    f.Write(".github/reconcile.yml", $"enabled: true\nnotes:{Deep(form, depth, 0)}");
                });
                yield return new HostileCase($"nesting/policy/{Name(form)}/{depth}", "nesting", "1", f =>
                {
                    var policy = Path.Combine(f.Dir, "policy.yml");
                    File.WriteAllText(policy, f.Corpus.DefaultPolicy.Replace("exemptions: []", "exemptions: []\nx-notes:" + Deep(form, depth, 0), StringComparison.Ordinal));
                    return f.Plan("--policy", policy);
                }, Expect.NeighbourOrCleanError);
            }
        }

        yield return Case("workflow", Nesting.BlockMapping, 1000, f => f.Write(".github/workflows/deep.yml", $"name: deep\non: push\nx-deep:{Deep(Nesting.BlockMapping, 1000, 0)}jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n"));
    }

    private static HostileCase Case(string place, Nesting form, int depth, Action<CaseFolder> write) =>
        new($"nesting/{place}/{Name(form)}/{depth}", "nesting", "1", f =>
        {
            write(f);
            return f.Plan();
        });

    private static string Name(Nesting form) => form switch
    {
        Nesting.FlowSequence => "flow-seq",
        Nesting.BlockSequence => "block-seq",
        Nesting.FlowMapping => "flow-map",
        _ => "block-map",
    };
}
