namespace Reconciler.Core.Yaml;

/// <summary>Whether two trees say the same thing at the same places: values, styles, tags, anchors and every position.</summary>
public static class YTreeComparison
{
    /// <summary>The first difference as "line:column: what", or null when the trees are the same.</summary>
    public static string? FirstDifference(YNode? a, YNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? null : $"{Where(a ?? b!)}: one tree is empty";
        }

        // An explicit stack, in file order: no recursion, whatever the depth of the trees.
        var pending = new Stack<(YNode A, YNode B)>();
        pending.Push((a, b));
        while (pending.TryPop(out var pair))
        {
            if (Compare(pair.A, pair.B, pending) is { } difference)
            {
                return difference;
            }
        }

        return null;
    }

    /// <summary>Compares two nodes themselves and queues their children (first child on top).</summary>
    private static string? Compare(YNode a, YNode b, Stack<(YNode, YNode)> pending)
    {
        if (a.GetType() != b.GetType() || a.Start != b.Start || a.End != b.End || a.Anchor != b.Anchor)
        {
            return $"{Where(a)}: {Describe(a)} [{a.Start.Offset}..{a.End.Offset}) vs {Describe(b)} at {b.Start.Line}:{b.Start.Column} [{b.Start.Offset}..{b.End.Offset})";
        }

        switch (a, b)
        {
            case (YScalar x, YScalar y):
                return x.Value == y.Value && x.Style == y.Style && x.Tag == y.Tag ? null : $"{Where(a)}: scalar '{x.Value}' ({x.Style}) vs '{y.Value}' ({y.Style})";
            case (YAlias x, YAlias y):
                return x.Name == y.Name ? null : $"{Where(a)}: alias *{x.Name} vs *{y.Name}";
            case (YMap x, YMap y):
                if (x.IsFlow != y.IsFlow || x.Entries.Count != y.Entries.Count)
                {
                    return $"{Where(a)}: mapping of {x.Entries.Count} vs {y.Entries.Count} entries";
                }

                for (var i = x.Entries.Count - 1; i >= 0; i--)
                {
                    pending.Push((x.Entries[i].Value, y.Entries[i].Value));
                    pending.Push((x.Entries[i].Key, y.Entries[i].Key));
                }

                return null;
            case (YSeq x, YSeq y):
                if (x.IsFlow != y.IsFlow || x.Items.Count != y.Items.Count)
                {
                    return $"{Where(a)}: sequence of {x.Items.Count} vs {y.Items.Count} items";
                }

                for (var i = x.Items.Count - 1; i >= 0; i--)
                {
                    pending.Push((x.Items[i], y.Items[i]));
                }

                return null;
            default:
                return null;
        }
    }

    private static string Where(YNode node) => $"{node.Start.Line}:{node.Start.Column}";

    private static string Describe(YNode node) => node switch
    {
        YScalar s => $"scalar '{s.Value}'",
        YMap => "mapping",
        YSeq => "sequence",
        YAlias a => $"alias *{a.Name}",
        _ => node.GetType().Name,
    };
}
