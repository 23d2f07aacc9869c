using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Yaml;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Yaml;

/// <summary>A file that starts with a UTF-8 byte-order mark (as a blob from the GitHub API can) reads like one without.</summary>
public class ByteOrderMarkTests
{
    private const string Workflow = "\uFEFF# Release\nname: release\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n";

    [Theory]
    [InlineData("\uFEFF# c\nname: x\non: push\n")]
    [InlineData("\uFEFFname: x\non: push\n")]
    public void Keys_carry_no_mark_and_offsets_index_the_text_as_given(string text)
    {
        var root = (YMap)YTree.Parse(text)!;
        Assert.Equal(["name", "on"], root.Entries.Select(e => e.KeyText));
        foreach (var entry in root.Entries)
        {
            Assert.Equal(entry.KeyText, text[entry.Key.Start.Offset..entry.Key.End.Offset]);
        }
    }

    [Fact]
    public void A_workflow_with_a_mark_and_a_leading_comment_is_planned_and_keeps_its_mark()
    {
        var planner = new Planner(PolicyLoader.LoadBuiltIn()) { CheckIncrementalParses = true };
        var plan = planner.PlanRepository(Snapshot(Workflow));
        Assert.Null(plan.Error);
        var change = plan.Changes.OfType<FileChange>().Single();
        Assert.StartsWith("\uFEFF# Release\nname: release\n", change.Content, StringComparison.Ordinal);
        Assert.Contains("permissions: {}", change.Content, StringComparison.Ordinal);

        var again = planner.PlanRepository(Snapshot(change.Content!));
        Assert.Empty(again.Changes.OfType<FileChange>());
    }

    private static RepositorySnapshot Snapshot(string workflow) =>
        new() { FullName = "acme/x", DefaultBranch = "main", Files = UpdatesConfig.With(new Dictionary<string, string> { [".github/workflows/ci.yml"] = workflow }) };
}
