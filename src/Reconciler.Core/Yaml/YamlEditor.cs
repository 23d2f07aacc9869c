namespace Reconciler.Core.Yaml;

/// <summary>
/// Collects surgical edits against one <see cref="YamlDocument"/>. Every operation splices text at
/// source positions; nothing outside the touched lines changes. New content is rendered in the
/// file's own indentation, sequence and quoting style.
/// </summary>
public sealed class YamlEditor(YamlDocument document)
{
    private readonly List<TextEdit> _edits = [];
    private readonly YamlRenderer _render = new(document.Style);

    public YamlDocument Document { get; } = document;

    public IReadOnlyList<TextEdit> Edits => _edits;

    public bool HasEdits => _edits.Count > 0;

    private SourceText Src => Document.Source;

    private string Nl => Document.Style.Newline;

    /// <summary>The document's text with every collected edit applied.</summary>
    public string Apply() => TextEdit.Apply(Src.Text, _edits);

    /// <summary>Adds a raw splice; prefer the structural operations below.</summary>
    public void Splice(TextEdit edit) => _edits.Add(edit);

    /// <summary>Replaces an inline scalar (plain or quoted) with new inline text, keeping any trailing comment.</summary>
    public void ReplaceScalar(YScalar node, YValue value)
    {
        RequireInline(node);
        _edits.Add(new TextEdit(node.Start.Offset, node.End.Offset, _render.Inline(value)));
    }

    /// <summary>Replaces an inline scalar and sets (or replaces) the comment that trails it on its line.</summary>
    public void ReplaceScalarAndComment(YScalar node, YValue value, string comment)
    {
        RequireInline(node);
        var lineEnd = Src.LineContentEnd(node.End.Line);
        var rest = Src.Text[node.End.Offset..lineEnd];
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        var gap = hash > 0 ? rest[..hash] : " ";
        if (gap.Length == 0 || gap.Trim().Length != 0)
        {
            gap = " ";
        }

        var end = hash >= 0 ? lineEnd : node.End.Offset;
        _edits.Add(new TextEdit(node.Start.Offset, end, $"{_render.Inline(value)}{gap}# {comment}"));
    }

    /// <summary>The comment that trails a node on its last line, without the <c>#</c>, or null.</summary>
    public string? TrailingComment(YNode node) => TrailingCommentAfter(node.End.Offset, node.End.Line);

    /// <summary>Sets <paramref name="key"/> in a block mapping: replaces its value, or inserts it.</summary>
    public void Set(YMap map, string key, YValue value, InsertAt? where = null)
    {
        var entry = map.Find(key);
        if (entry is null)
        {
            Insert(map, key, value, where ?? InsertAt.End);
        }
        else
        {
            ReplaceValue(map, entry, value);
        }
    }

    /// <summary>Replaces an entry's value, inline or block, keeping the key line's comment.</summary>
    public void ReplaceValue(YMap map, YEntry entry, YValue value)
    {
        if (map.IsFlow)
        {
            if (!YamlRenderer.IsInline(value))
            {
                throw new InvalidOperationException($"cannot put a block value inside flow mapping at line {map.Start.Line}");
            }

            _edits.Add(new TextEdit(entry.Value.Start.Offset, entry.Value.End.Offset, _render.Inline(value)));
            return;
        }

        var keyLine = entry.Key.Start.Line;
        var colonEnd = ColonEnd(entry);
        var oldIsBlock = entry.Value.Start.Line > keyLine || entry.Value is YScalar { Style: YScalarStyle.Literal or YScalarStyle.Folded };
        var oldEnd = ValueEndOffset(entry);
        var keyLineComment = TrailingCommentAfter(colonEnd, keyLine);
        if (!oldIsBlock && entry.Value is not YScalar { IsNull: true })
        {
            keyLineComment = null; // an inline value's comment is after the value and stays where it is
        }

        var column = entry.Key.Start.Column - 1;
        if (YamlRenderer.IsInline(value))
        {
            var text = " " + _render.Inline(value) + (keyLineComment is null ? "" : " #" + keyLineComment);
            var end = oldIsBlock ? oldEnd : entry.Value is YScalar { IsNull: true } ? (keyLineComment is null ? colonEnd : Src.LineContentEnd(keyLine)) : entry.Value.End.Offset;
            _edits.Add(new TextEdit(colonEnd, end, text));
            return;
        }

        var block = _render.Block(value, column + Document.Style.Indent, column);
        if (value is YStr)
        {
            // Multi-line string: re-render the whole entry so the block header sits on the key line.
            var lines = _render.Entry(entry.KeyText, value, column);
            _edits.Add(new TextEdit(entry.Key.Start.Offset, oldIsBlock ? oldEnd : Src.LineContentEnd(keyLine), _render.Join(lines)[column..]));
            return;
        }

        var start = keyLineComment is null ? colonEnd : Src.LineContentEnd(keyLine);
        var endOffset = oldIsBlock ? oldEnd : Src.LineContentEnd(keyLine);
        _edits.Add(new TextEdit(start, endOffset, Nl + _render.Join(block)));
    }

    /// <summary>Where a new mapping entry goes.</summary>
    public abstract record InsertAt
    {
        public static readonly InsertAt Start = new AtStart();
        public static readonly InsertAt End = new AtEnd();

        public static InsertAt After(string key) => new AfterKey(key);

        public static InsertAt Before(string key) => new BeforeKey(key);

        internal sealed record AtStart : InsertAt;

        internal sealed record AtEnd : InsertAt;

        internal sealed record AfterKey(string Key) : InsertAt;

        internal sealed record BeforeKey(string Key) : InsertAt;
    }

    /// <summary>Inserts <c>key: value</c> into a block mapping. <paramref name="blankLineBefore"/> separates it like its siblings.</summary>
    public void Insert(YMap map, string key, YValue value, InsertAt where, bool blankLineBefore = false, string? comment = null)
    {
        if (map.IsFlow || map.Entries.Count == 0)
        {
            throw new InvalidOperationException($"cannot insert '{key}' into a flow or empty mapping at line {map.Start.Line}");
        }

        var column = map.Entries[0].Key.Start.Column - 1;
        var lines = _render.Entry(key, value, column, comment);
        var anchorIndex = where switch
        {
            InsertAt.AtStart => -1,
            InsertAt.AtEnd => map.Entries.Count - 1,
            InsertAt.AfterKey a => map.Entries.FindIndex(e => e.KeyText == a.Key) is var i and >= 0 ? i : map.Entries.Count - 1,
            InsertAt.BeforeKey b => map.Entries.FindIndex(e => e.KeyText == b.Key) is var j and >= 0 ? j - 1 : map.Entries.Count - 1,
            _ => map.Entries.Count - 1,
        };

        if (anchorIndex < 0)
        {
            var first = map.Entries[0].Key;
            if (Src.Line(first.Start.Line)[..(first.Start.Column - 1)].Trim().Length != 0)
            {
                // The first key shares its line with a "- " dash: insert after it instead.
                Insert(map, key, value, InsertAt.After(map.Entries[0].KeyText), blankLineBefore, comment);
                return;
            }

            var at = Src.LineStart(first.Start.Line);
            var text = _render.Join(lines) + Nl + (blankLineBefore ? Nl : "");
            _edits.Add(TextEdit.Insert(at, text));
            return;
        }

        var anchor = map.Entries[anchorIndex];
        var lastLine = Src.LastContentLineBefore(ValueEndOffset(anchor));
        var insertAt = Src.LineEndWithNewline(lastLine);
        var prefix = blankLineBefore ? Nl : "";
        if (insertAt == Src.Text.Length && !Src.EndsWithNewline)
        {
            _edits.Add(TextEdit.Insert(insertAt, Nl + prefix + _render.Join(lines)));
        }
        else
        {
            _edits.Add(TextEdit.Insert(insertAt, prefix + _render.Join(lines) + Nl));
        }
    }

    /// <summary>Removes an entry of a block mapping with its lines (and comment lines directly above it).</summary>
    public void Remove(YMap map, YEntry entry)
    {
        if (map.IsFlow)
        {
            throw new InvalidOperationException($"cannot remove '{entry.KeyText}' from a flow mapping at line {map.Start.Line}");
        }

        var firstLine = entry.Key.Start.Line;
        if (Src.Line(firstLine)[..(entry.Key.Start.Column - 1)].Trim().Length != 0)
        {
            throw new InvalidOperationException($"cannot remove '{entry.KeyText}': it shares line {firstLine} with a sequence dash");
        }

        while (firstLine > 1 && Src.Line(firstLine - 1).TrimStart().StartsWith('#')
               && SourceText.IndentOf(Src.Line(firstLine - 1)) == entry.Key.Start.Column - 1)
        {
            firstLine--;
        }

        var lastLine = Src.LastContentLineBefore(ValueEndOffset(entry));

        // An entry set off by blank lines on both sides leaves one blank line, not two.
        if (firstLine > 1 && lastLine < Src.LineCount && Src.Line(firstLine - 1).Trim().Length == 0 && Src.Line(lastLine + 1).Trim().Length == 0)
        {
            lastLine++;
        }

        _edits.Add(new TextEdit(Src.LineStart(firstLine), Src.LineEndWithNewline(lastLine), ""));
    }

    /// <summary>
    /// Inserts an item into a block sequence before <paramref name="index"/> (or at the end).
    /// <paramref name="blankLineBefore"/> separates it like its siblings.
    /// </summary>
    public void InsertItem(YSeq seq, int index, YValue item, bool blankLineBefore = false)
    {
        if (seq.IsFlow || seq.Items.Count == 0)
        {
            throw new InvalidOperationException($"cannot insert into a flow or empty sequence at line {seq.Start.Line}");
        }

        var dash = DashColumn(seq.Items[0]);
        var lines = _render.SequenceItem(item, dash);
        var blank = blankLineBefore ? Nl : "";
        if (index < seq.Items.Count)
        {
            var line = seq.Items[index].Start.Line;
            _edits.Add(TextEdit.Insert(Src.LineStart(line), blank + _render.Join(lines) + Nl));
            return;
        }

        var last = Src.LastContentLineBefore(NodeEndOffset(seq.Items[^1]));
        var at = Src.LineEndWithNewline(last);
        _edits.Add(at == Src.Text.Length && !Src.EndsWithNewline
            ? TextEdit.Insert(at, Nl + blank + _render.Join(lines))
            : TextEdit.Insert(at, blank + _render.Join(lines) + Nl));
    }

    /// <summary>Removes one item of a block sequence with its lines.</summary>
    public void RemoveItem(YSeq seq, int index)
    {
        var item = seq.Items[index];
        var first = item.Start.Line;
        var last = Src.LastContentLineBefore(NodeEndOffset(item));
        _edits.Add(new TextEdit(Src.LineStart(first), Src.LineEndWithNewline(last), ""));
    }

    /// <summary>Replaces an item of a block sequence with another, rendered at the same dash column.</summary>
    public void ReplaceItem(YSeq seq, int index, YValue item)
    {
        var node = seq.Items[index];
        var dash = DashColumn(node);
        var last = Src.LastContentLineBefore(NodeEndOffset(node));
        _edits.Add(new TextEdit(Src.LineStart(node.Start.Line), Src.LineContentEnd(last), _render.Join(_render.SequenceItem(item, dash))));
    }

    /// <summary>1-based column of the dash that introduces a block sequence item.</summary>
    public int DashColumn(YNode item)
    {
        var line = Src.Line(item.Start.Line);
        var i = Math.Min(item.Start.Column - 2, line.Length - 1);
        while (i >= 0 && line[i] != '-')
        {
            i--;
        }

        return i;
    }

    /// <summary>Whether the entries of a block mapping are separated by blank lines (jobs often are).</summary>
    public bool SeparatedByBlankLines(YMap map)
    {
        if (map.Entries.Count < 2)
        {
            return false;
        }

        var entry = map.Entries[1];
        var line = entry.Key.Start.Line - 1;
        while (line > 0 && Src.Line(line).TrimStart().StartsWith('#'))
        {
            line--;
        }

        return line > 0 && Src.Line(line).Trim().Length == 0;
    }

    /// <summary>
    /// Whether an entry inserted at <paramref name="where"/> should be set off by a blank line: as the
    /// neighbouring entries are at that place (files often separate some root keys and not others).
    /// </summary>
    public bool BlankLineAt(YMap map, InsertAt where)
    {
        if (map.IsFlow || map.Entries.Count < 2)
        {
            return false;
        }

        var i = where switch
        {
            InsertAt.AtStart => 0,
            InsertAt.AfterKey a => map.Entries.FindIndex(e => e.KeyText == a.Key),
            InsertAt.BeforeKey b => map.Entries.FindIndex(e => e.KeyText == b.Key) - 1,
            _ => map.Entries.Count - 2,
        };
        i = Math.Clamp(i < 0 && where is not InsertAt.AtStart ? map.Entries.Count - 2 : i, 0, map.Entries.Count - 2);
        var last = Src.LastContentLineBefore(ValueEndOffset(map.Entries[i]));
        for (var line = last + 1; line < map.Entries[i + 1].Key.Start.Line; line++)
        {
            if (Src.Line(line).Trim().Length == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text of a node as written in the file.</summary>
    public string TextOf(YNode node) => Src.Text[node.Start.Offset..NodeEndOffset(node)];

    private int NodeEndOffset(YNode node) =>
        node is YScalar { Style: YScalarStyle.Literal or YScalarStyle.Folded } || node is YMap { IsFlow: false } || node is YSeq { IsFlow: false }
            ? Src.LineContentEnd(Src.LastContentLineBefore(node.End.Offset))
            : node.End.Offset;

    internal int ValueEndOffset(YEntry entry)
    {
        if (entry.Value is YScalar { IsNull: true } && entry.Value.Start.Offset <= ColonEnd(entry))
        {
            return ColonEnd(entry);
        }

        return NodeEndOffset(entry.Value);
    }

    internal int ColonEnd(YEntry entry)
    {
        var i = entry.Key.End.Offset;
        while (i < Src.Text.Length && Src.Text[i] != ':')
        {
            i++;
        }

        return Math.Min(i + 1, Src.Text.Length);
    }

    internal string? TrailingCommentAfter(int offset, int line)
    {
        var end = Src.LineContentEnd(line);
        if (offset > end)
        {
            return null;
        }

        var rest = Src.Text[offset..end];
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 && (hash == 0 || char.IsWhiteSpace(rest[hash - 1])) ? rest[(hash + 1)..] : null;
    }

    private static void RequireInline(YScalar node)
    {
        if (node.Style is YScalarStyle.Literal or YScalarStyle.Folded)
        {
            throw new InvalidOperationException($"scalar at line {node.Start.Line} is a block scalar");
        }
    }
}
