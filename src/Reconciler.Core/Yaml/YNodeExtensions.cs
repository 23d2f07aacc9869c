namespace Reconciler.Core.Yaml;

public static class YNodeExtensions
{
    /// <summary>The node an alias stands for (for reading only: edits must never go through an alias).</summary>
    public static YNode? Deref(this YNode? node) => node is YAlias alias ? alias.Target : node;

    /// <summary>Every node of a subtree, depth first, in file order (aliases are not followed).</summary>
    public static IEnumerable<YNode> Descendants(this YNode node)
    {
        // An explicit stack: nested iterators would cost an allocation per level per node.
        var stack = new Stack<YNode>();
        stack.Push(node);
        while (stack.TryPop(out var current))
        {
            yield return current;
            switch (current)
            {
                case YMap map:
                    for (var i = map.Entries.Count - 1; i >= 0; i--)
                    {
                        stack.Push(map.Entries[i].Value);
                        stack.Push(map.Entries[i].Key);
                    }

                    break;
                case YSeq seq:
                    for (var i = seq.Items.Count - 1; i >= 0; i--)
                    {
                        stack.Push(seq.Items[i]);
                    }

                    break;
            }
        }
    }
}
