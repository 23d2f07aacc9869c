namespace Reconciler.Core.Yaml;

/// <summary>Copies of subtrees moved by an offset and a line count (columns stay: moves are by whole lines).</summary>
internal static class Shift
{
    public static YNode Copy(YNode node, int offset, int lines)
    {
        switch (node)
        {
            case YScalar s:
                return new YScalar(s.Value, s.Style, s.Tag, Move(s.Start, offset, lines), Move(s.End, offset, lines), s.Anchor);
            case YMap map:
                {
                    var copy = new YMap(map.IsFlow, Move(map.Start, offset, lines), Move(map.End, offset, lines), map.Anchor);
                    copy.Entries.Capacity = map.Entries.Count;
                    foreach (var entry in map.Entries)
                    {
                        copy.Entries.Add(new YEntry(Copy(entry.Key, offset, lines), Copy(entry.Value, offset, lines)));
                    }

                    return copy;
                }

            case YSeq seq:
                {
                    var copy = new YSeq(seq.IsFlow, Move(seq.Start, offset, lines), Move(seq.End, offset, lines), seq.Anchor);
                    copy.Items.Capacity = seq.Items.Count;
                    foreach (var item in seq.Items)
                    {
                        copy.Items.Add(Copy(item, offset, lines));
                    }

                    return copy;
                }

            case YAlias alias:
                return new YAlias(alias.Name, alias.Target, Move(alias.Start, offset, lines), Move(alias.End, offset, lines));
            default:
                throw new NotSupportedException(node.GetType().Name);
        }
    }

    private static SourcePosition Move(SourcePosition p, int offset, int lines) => new(p.Offset + offset, p.Line + lines, p.Column);
}
