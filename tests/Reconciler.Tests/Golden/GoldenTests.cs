using Reconciler.Core.Planning;
using Reconciler.Core.Repositories;
using Reconciler.Core.Workflows;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Golden;

/// <summary>
/// Every golden case through the real planner with the built-in policy (plus the case's policy.yml): the changed files are exactly
/// <c>expected/</c>, every emitted workflow passes actionlint (every emitted action file reads as the same action),
/// planning the result again changes nothing, and planning twice gives the same document.
/// </summary>
public class GoldenTests
{
    public static TheoryData<string> Cases => [.. GoldenCase.All()];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Golden_case_plans_exactly_the_expected_files(string name)
    {
        var golden = new GoldenCase(name);
        var snapshot = await golden.ReadAsync();
        var planner = new Planner(golden.Policy()) { CheckIncrementalParses = true };
        var plan = planner.PlanRepository(snapshot);
        Assert.True(plan.Error is null, plan.Error);
        var changes = plan.Changes.OfType<FileChange>().ToList();
        if (GoldenCase.Updating)
        {
            golden.WriteExpected(changes);
        }

        var expected = golden.ExpectedFiles();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), changes.Select(c => c.Path).Order(StringComparer.Ordinal));
        foreach (var change in changes)
        {
            Assert.Equal(expected[change.Path], change.Content);
        }

        foreach (var change in changes.Where(c => c.Path.StartsWith(".github/workflows/", StringComparison.Ordinal)))
        {
            // Clean, apart from problems the input already had (a case may model a file whose
            // template injection we only report, or anchors actionlint can't read).
            var introduced = Actionlint.Instance.NewProblems(snapshot.Files.GetValueOrDefault(change.Path), change.Content, Path.GetFileName(change.Path));
            Assert.True(introduced.Count == 0, $"{change.Path}:\n{string.Join("\n", introduced)}");
        }

        // Every shell script we wrote or rewrote parses and has no problem its input didn't have.
        foreach (var change in changes.Where(c => FilesOfInterest.IsWorkflow(c.Path) || FilesOfInterest.IsActionMetadata(c.Path)))
        {
            var introduced = Shellcheck.NewProblems(snapshot.Files.GetValueOrDefault(change.Path), change.Content, change.Path);
            Assert.True(introduced.Count == 0, $"shellcheck:\n{string.Join("\n", introduced)}");
        }

        // actionlint doesn't read action metadata: an emitted action file must at least read as the same kind of action with the same steps.
        foreach (var change in changes.Where(c => FilesOfInterest.IsActionMetadata(c.Path)))
        {
            var before = ActionMetadata.Parse(change.Path, snapshot.Files[change.Path]);
            var emitted = ActionMetadata.Parse(change.Path, change.Content);
            Assert.Equal(before.Using, emitted.Using);
            Assert.Equal(before.Steps.Count, emitted.Steps.Count);
        }

        // Fixpoint over every file the plan wrote, workflows and action metadata alike (the planner reads both).
        var files = snapshot.Files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        foreach (var change in changes)
        {
            files[change.Path] = change.Content;
        }

        var again = planner.PlanRepository(snapshot with { Files = files });
        var still = again.Changes.OfType<FileChange>().ToList();
        Assert.True(still.Count == 0, "not a fixpoint:\n" + string.Join("\n", still.Select(c => c.Diff)));

        Assert.Equal(GoldenCase.Json(planner, plan), GoldenCase.Json(planner, planner.PlanRepository(snapshot)));
    }
}
