using Reconciler.Core.Planning;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Golden;

/// <summary>
/// Every golden case through the real planner with the built-in policy (plus the case's policy.yml): the changed files are exactly
/// <c>expected/</c>, every emitted workflow passes actionlint, planning the result again changes
/// nothing, and planning twice gives the same document.
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
            var before = snapshot.Files.TryGetValue(change.Path, out var old) ? Actionlint.Instance.Lint(old, Path.GetFileName(change.Path)).Select(WithoutPosition).ToList() : [];
            var introduced = Actionlint.Instance.Lint(change.Content, Path.GetFileName(change.Path)).Where(p => !before.Remove(WithoutPosition(p))).ToList();
            Assert.True(introduced.Count == 0, $"{change.Path}:\n{string.Join("\n", introduced)}");
        }

        var after = snapshot with { Files = snapshot.Files.ToDictionary(f => f.Key, f => changes.FirstOrDefault(c => c.Path == f.Key)?.Content ?? f.Value, StringComparer.Ordinal) };
        var again = planner.PlanRepository(after);
        var still = again.Changes.OfType<FileChange>().ToList();
        Assert.True(still.Count == 0, "not a fixpoint:\n" + string.Join("\n", still.Select(c => c.Diff)));

        Assert.Equal(GoldenCase.Json(planner, plan), GoldenCase.Json(planner, planner.PlanRepository(snapshot)));
    }

    /// <summary>"12:5: message [kind]" → "message [kind]": edits move lines, so compare problems by what they say.</summary>
    private static string WithoutPosition(string problem)
    {
        var second = problem.IndexOf(": ", StringComparison.Ordinal);
        return second < 0 ? problem : problem[(second + 2)..];
    }
}
