using Reconciler.Core.Yaml;

namespace Reconciler.Tests.Yaml;

public class YTreeComparisonTests
{
    /// <summary>A chain of single-item flow sequences, one a line, ending in a scalar.</summary>
    private static YNode Chain(int depth, string leaf)
    {
        YNode node = new YScalar(leaf, YScalarStyle.Plain, null, new(depth, depth + 1, 1), new(depth + leaf.Length, depth + 1, 1 + leaf.Length), null);
        for (var i = depth - 1; i >= 0; i--)
        {
            var seq = new YSeq(true, new(i, i + 1, 1), new(i + 1, i + 1, 2), null);
            seq.Items.Add(node);
            node = seq;
        }

        return node;
    }

    [Fact]
    public void Trees_deeper_than_any_stack_are_compared()
    {
        // Built by hand: the parser refuses this depth, but the comparison must not depend on it.
        Assert.Null(YTreeComparison.FirstDifference(Chain(200_000, "x"), Chain(200_000, "x")));
        Assert.Equal("200001:1: scalar 'x' (Plain) vs 'y' (Plain)", YTreeComparison.FirstDifference(Chain(200_000, "x"), Chain(200_000, "y")));
    }

    [Fact]
    public void The_first_difference_in_file_order_is_reported()
    {
        var a = YTree.Parse("a: 1\nb: [2, 3]\nc: 4\n");
        var b = YTree.Parse("a: 1\nb: [2, 5]\nc: 6\n");
        Assert.Equal("2:8: scalar '3' (Plain) vs '5' (Plain)", YTreeComparison.FirstDifference(a, b));
    }
}
