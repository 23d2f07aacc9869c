using Reconciler.Core.Yaml;

namespace Reconciler.Tests.Yaml;

/// <summary>The cases <see cref="YTreeSplice"/> must splice, and the ones it must leave to a full parse.</summary>
public class YTreeSpliceTests
{
    private const string Workflow = """
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: |
                  make

              - run: make test
          docs:
            runs-on: ubuntu-latest
            steps:
              - run: make docs

        """;

    [Theory]
    [InlineData("actions/checkout@v4", "actions/checkout@0123456789abcdef0123456789abcdef01234567 # v4.2.2")]
    [InlineData("    runs-on: ubuntu-latest\n    steps:\n      - run: make docs", "    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - run: make docs")]
    [InlineData("      - run: make test\n", "      - run: make test\n      - run: make lint\n")]
    [InlineData("on: push\n", "on: push\npermissions: {}\nconcurrency:\n  group: x\n")]
    [InlineData("      - run: make test\n", "")]
    [InlineData("          make\n", "          make\n          make install\n")]
    public void Splices_common_edits_exactly_as_a_full_parse_reads_them(string find, string replace)
    {
        var (spliced, full) = Splice(Workflow, find, replace);
        Assert.True(spliced.Ok, "expected a splice, not a full parse");
        Assert.Null(YTreeComparison.FirstDifference(spliced.Root, full));
    }

    [Fact]
    public void A_blank_line_after_a_block_scalar_is_read_with_the_scalar()
    {
        // The scalar's end moves past the new blank line: the run must include it.
        var (spliced, full) = Splice(Workflow, "      - run: make test\n", "\n      - run: make test\n");
        Assert.True(!spliced.Ok || YTreeComparison.FirstDifference(spliced.Root, full) is null);
    }

    [Theory]
    [InlineData("on: push\njobs: &j\n  a:\n    runs-on: x\n    steps: [{run: a}]\nother: *j\n", "runs-on: x", "runs-on: y")]
    [InlineData("---\non: push\njobs:\n  a:\n    runs-on: x\n", "on: push", "on: pull_request")]
    [InlineData("on: push\njobs:\n  a:\n    runs-on: x\n", "  a:\n", "  a:\n---\n")]
    [InlineData("{on: push, jobs: {a: {runs-on: x}}}\n", "runs-on: x", "runs-on: y")]
    [InlineData("on: push\njobs:\n  a:\n    runs-on: x\n", "on: push\n", "on: push\njobs: {}\n")]
    public void Leaves_what_it_cannot_prove_to_a_full_parse(string text, string find, string replace)
    {
        var root = YTree.Parse(text);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        var edits = new[] { new TextEdit(at, at + find.Length, replace) };
        Assert.False(YTreeSplice.TryApply(root, text, edits, TextEdit.Apply(text, edits), out _));
    }

    private static ((bool Ok, YNode? Root) Spliced, YNode? Full) Splice(string text, string find, string replace)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, find);
        var edits = new[] { new TextEdit(at, at + find.Length, replace) };
        var edited = TextEdit.Apply(text, edits);
        var ok = YTreeSplice.TryApply(YTree.Parse(text), text, edits, edited, out var root);
        return ((ok, root), YTree.Parse(edited));
    }
}
