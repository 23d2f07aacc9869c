namespace Reconciler.Core.Yaml;

/// <summary>
/// Whole-block edits for structural rewrites (splitting a job in two): rename a key, replace one
/// sequence item by several, insert a job after another. Like the rest of the editor they splice
/// text at source positions and render new content in the file's own style, including whether
/// jobs and steps are separated by blank lines.
/// </summary>
public static class YamlEditorBlocks
{
    /// <summary>Renames a mapping key in place (its value, comments and position stay).</summary>
    public static void RenameKey(this YamlEditor editor, YEntry entry, string newKey)
    {
        if (entry.Key is not YScalar key)
        {
            throw new InvalidOperationException($"cannot rename a non-scalar key at line {entry.Key.Start.Line}");
        }

        // Keys keep their own quoting: a file that quotes every value rarely quotes its keys.
        editor.ReplaceScalar(key, key.Style == YScalarStyle.Plain && !YamlRenderer.NeedsQuotes(newKey) ? YValue.Raw(newKey) : YValue.Str(newKey));
    }

    /// <summary>Whether the items of a block sequence are separated by blank lines (steps often are).</summary>
    public static bool SeparatedByBlankLines(this YamlEditor editor, YSeq seq)
    {
        if (seq.IsFlow || seq.Items.Count < 2)
        {
            return false;
        }

        var src = editor.Document.Source;
        var line = editor.DashLine(seq.Items[1]) - 1;
        while (line > 0 && src.Line(line).TrimStart().StartsWith('#'))
        {
            line--;
        }

        return line > 0 && src.Line(line).Trim().Length == 0;
    }

    /// <summary>Whether any entry of a block mapping is set off from the one before it by a blank line (jobs often are).</summary>
    public static bool AnySeparatedByBlankLines(this YamlEditor editor, YMap map)
    {
        var src = editor.Document.Source;
        foreach (var entry in map.Entries.Skip(1))
        {
            var line = entry.Key.Start.Line - 1;
            while (line > 0 && src.Line(line).TrimStart().StartsWith('#'))
            {
                line--;
            }

            if (line > 0 && src.Line(line).Trim().Length == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Replaces one item of a block sequence with zero or more items at the same dash column.
    /// With none it removes the item, and the blank line that separated it from the previous one.
    /// </summary>
    public static void ReplaceItemWith(this YamlEditor editor, YSeq seq, int index, IReadOnlyList<YValue> items, bool blankLinesBetween)
    {
        var src = editor.Document.Source;
        var node = seq.Items[index];
        var first = editor.DashLine(node);
        var last = src.LastContentLineBefore(node.End.Offset);
        if (items.Count == 0)
        {
            var start = first;
            if (blankLinesBetween && start > 1 && src.Line(start - 1).Trim().Length == 0)
            {
                start--;
            }

            editor.Splice(new TextEdit(src.LineStart(start), src.LineEndWithNewline(last), ""));
            return;
        }

        var render = new YamlRenderer(editor.Document.Style);
        var dash = editor.DashColumn(node);
        var nl = editor.Document.Style.Newline;
        var text = string.Join(blankLinesBetween ? nl + nl : nl, items.Select(i => render.Join(render.SequenceItem(i, dash))));
        editor.Splice(new TextEdit(src.LineStart(first), src.LineContentEnd(last), text));
    }

    /// <summary>
    /// Inserts a new entry (a job) right after <paramref name="after"/> in a block mapping, at the
    /// same column, separated like its siblings. When <paramref name="blankLinesBetweenItems"/> is
    /// set, the items of the new entry's block sequences (its steps) get a blank line between them.
    /// </summary>
    public static void InsertEntryAfter(this YamlEditor editor, YEntry after, string key, YValue value, bool blankLineBefore, bool blankLinesBetweenItems)
    {
        var src = editor.Document.Source;
        var style = editor.Document.Style;
        var render = new YamlRenderer(style);
        var column = after.Key.Start.Column - 1;
        var lines = render.Entry(key, value, column);
        if (blankLinesBetweenItems)
        {
            lines = SeparateSequenceItems(lines, column + style.Indent + (style.IndentedSequences ? style.Indent : 0));
        }

        var last = src.LastContentLineBefore(after.Value.End.Offset);
        var at = src.LineEndWithNewline(last);
        var prefix = blankLineBefore ? style.Newline : "";
        editor.Splice(at == src.Text.Length && !src.EndsWithNewline
            ? TextEdit.Insert(at, style.Newline + prefix + render.Join(lines))
            : TextEdit.Insert(at, prefix + render.Join(lines) + style.Newline));
    }

    /// <summary>The line of the dash that introduces a sequence item (an item can start on the line after its dash).</summary>
    private static int DashLine(this YamlEditor editor, YNode item)
    {
        var src = editor.Document.Source;
        var line = item.Start.Line;
        var text = src.Line(line);
        var before = text[..Math.Min(item.Start.Column - 1, text.Length)];
        while (!before.TrimEnd().EndsWith('-') && line > 1)
        {
            line--;
            before = src.Line(line);
        }

        return line;
    }

    private static List<string> SeparateSequenceItems(List<string> lines, int dashColumn)
    {
        var dash = new string(' ', dashColumn) + "- ";
        var result = new List<string>();
        var seen = false;
        foreach (var line in lines)
        {
            if (line.StartsWith(dash, StringComparison.Ordinal))
            {
                if (seen)
                {
                    result.Add("");
                }

                seen = true;
            }
            else if (SourceText.IndentOf(line) < dashColumn && line.Trim().Length > 0)
            {
                seen = false;
            }

            result.Add(line);
        }

        return result;
    }
}
