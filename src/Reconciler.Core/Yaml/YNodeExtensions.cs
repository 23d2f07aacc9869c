namespace Reconciler.Core.Yaml;

public static class YNodeExtensions
{
    /// <summary>The node an alias stands for (for reading only: edits must never go through an alias).</summary>
    public static YNode? Deref(this YNode? node) => node is YAlias alias ? alias.Target : node;

    /// <summary>Every node of a subtree, depth first, in file order (aliases are not followed).</summary>
    public static IEnumerable<YNode> Descendants(this YNode node)
    {
        yield return node;
        switch (node)
        {
            case YMap map:
                foreach (var e in map.Entries)
                {
                    foreach (var n in e.Key.Descendants())
                    {
                        yield return n;
                    }

                    foreach (var n in e.Value.Descendants())
                    {
                        yield return n;
                    }
                }

                break;
            case YSeq seq:
                foreach (var item in seq.Items)
                {
                    foreach (var n in item.Descendants())
                    {
                        yield return n;
                    }
                }

                break;
        }
    }
}
