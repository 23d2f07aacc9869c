namespace Reconciler.Core.Yaml;

/// <summary>
/// Replacing a value without deleting the reasoning written inside it. A human who replaced a
/// commented block by hand would keep the comments (or at least move them where a reviewer sees
/// them), so the editor does the same: comments inside the old value move, as full-line comments,
/// directly above the key; a comment that trailed a line names what that line said
/// (<c># (was contents: read) checkout</c>), since the line itself is gone.
/// </summary>
public static class YamlEditorComments
{
    /// <summary>
    /// Like <see cref="YamlEditor.ReplaceValue"/>, but keeps every comment of the old value:
    /// the key line's comment stays on the key line (also the one after an inline value, when the
    /// new value is a block); a comment on a line whose entry the new mapping keeps unchanged stays on
    /// that entry's line; every other comment moves above the key at the key's indentation, in order.
    /// Without comments inside the old value the result is exactly <see cref="YamlEditor.ReplaceValue"/>'s.
    /// </summary>
    public static void ReplaceValueKeepingComments(this YamlEditor editor, YMap map, YEntry entry, YValue value)
    {
        var src = editor.Document.Source;
        var keyLine = entry.Key.Start.Line;
        var column = entry.Key.Start.Column - 1;
        var old = entry.Value;
        if (map.IsFlow || old is YScalar { IsNull: true } || value is YStr { Value: var s } && s.Contains('\n')
            || src.Line(keyLine)[..column].Trim().Length != 0)
        {
            // A flow parent and a null value hold no comments of their own, a multi-line string is
            // re-rendered whole, and a key after a sequence dash has no line of its own to go above.
            editor.ReplaceValue(map, entry, value);
            return;
        }

        var colonEnd = editor.ColonEnd(entry);
        var oldIsBlock = old.Start.Line > keyLine || old is YScalar { Style: YScalarStyle.Literal or YScalarStyle.Folded };
        var end = oldIsBlock ? ExtendOverIndentedComments(src, editor.ValueEndOffset(entry), column) : old.End.Offset;
        var inside = YamlComments.Between(src, oldIsBlock ? src.LineEndWithNewline(keyLine) : colonEnd, end);
        var newInline = YamlRenderer.IsInline(value);
        if (inside.Count == 0 && (oldIsBlock || newInline))
        {
            editor.ReplaceValue(map, entry, value);
            return;
        }

        // The comment that stays on the key line: after the colon of a block, or after an inline value.
        var keep = oldIsBlock ? editor.TrailingCommentAfter(colonEnd, keyLine) : editor.TrailingCommentAfter(old.End.Offset, old.End.Line);
        var moved = new List<string>();
        foreach (var comment in inside)
        {
            var owner = comment.Trailing && comment.Line != keyLine ? Owner(editor, old, comment) : null;
            if (owner is { Entry: { } kept } && Keeps(value, kept) && !newInline)
            {
                value = WithComment((YMapValue)value, kept.KeyText, comment.Text.Trim());
            }
            else if (owner is not null)
            {
                if (comment.Text.Trim().Length > 0)
                {
                    moved.Add($"# (was {owner.Said}) {comment.Text.Trim()}");
                }
            }
            else
            {
                moved.Add("#" + comment.Text);
            }
        }

        var render = new YamlRenderer(editor.Document.Style);
        var nl = editor.Document.Style.Newline;
        if (newInline)
        {
            var text = " " + render.Inline(value) + (oldIsBlock && keep is not null ? " #" + keep : "");
            editor.Splice(new TextEdit(colonEnd, end, text));
        }
        else
        {
            var block = nl + render.Join(render.Block(value, column + editor.Document.Style.Indent, column));
            if (oldIsBlock)
            {
                editor.Splice(new TextEdit(keep is null ? colonEnd : src.LineContentEnd(keyLine), end, block));
            }
            else
            {
                // The inline value's comment moves up to the key line, which is all that's left of that line.
                var to = keep is null ? old.End.Offset : src.LineContentEnd(old.End.Line);
                editor.Splice(new TextEdit(colonEnd, to, (keep is null ? "" : " #" + keep) + block));
            }
        }

        if (moved.Count > 0)
        {
            var pad = new string(' ', column);
            editor.Splice(TextEdit.Insert(src.LineStart(keyLine), string.Concat(moved.Select(m => pad + m + nl))));
        }
    }

    /// <summary>
    /// What a trailing comment was about: the one entry on its line (<c>contents: read</c>), else the
    /// line's text as written. <see cref="Owned.Entry"/> is set when it is a single scalar entry.
    /// </summary>
    private static Owned? Owner(YamlEditor editor, YNode old, YComment comment)
    {
        var onLine = Entries(old).Where(e => e.Key.Start.Line == comment.Line).ToList();
        if (onLine is [{ Value: YScalar scalar } single] && scalar.End.Line == comment.Line)
        {
            return new Owned($"{single.KeyText}: {editor.TextOf(scalar)}", single);
        }

        var src = editor.Document.Source;
        var said = src.Text[src.LineStart(comment.Line)..comment.Offset].Trim().TrimEnd(',').Trim();
        return said.Length == 0 ? null : new Owned(said, null);
    }

    private static IEnumerable<YEntry> Entries(YNode node) => node switch
    {
        YMap map => map.Entries.SelectMany(e => Entries(e.Value).Prepend(e)),
        YSeq seq => seq.Items.SelectMany(Entries),
        _ => [],
    };

    /// <summary>Whether the new mapping has the old entry's key with the same scalar value (so its line, in effect, stays).</summary>
    private static bool Keeps(YValue value, YEntry old) =>
        value is YMapValue map && old.Value is YScalar scalar
        && map.Items.FirstOrDefault(i => i.Key == old.KeyText) is { Comment: null } item
        && item.Value switch
        {
            YStr s => s.Value == scalar.Value,
            YRaw r => r.Text == scalar.Value,
            _ => false,
        };

    private static YMapValue WithComment(YMapValue map, string key, string comment) =>
        new([.. map.Items.Select(i => i.Key == key && comment.Length > 0 ? i with { Comment = comment } : i)]);

    /// <summary>
    /// Comment lines after a block, up to the last one indented under its key, belong to the block
    /// (with whatever comment or blank lines sit between them): the next content line ends the search.
    /// </summary>
    private static int ExtendOverIndentedComments(SourceText src, int end, int keyColumn)
    {
        var line = src.LineOf(end);
        var last = line;
        for (var next = line + 1; next <= src.LineCount; next++)
        {
            var text = src.Line(next);
            var trimmed = text.TrimStart();
            if (trimmed.Length > 0 && !trimmed.StartsWith('#'))
            {
                break;
            }

            if (trimmed.Length > 0 && SourceText.IndentOf(text) > keyColumn)
            {
                last = next;
            }
        }

        return last == line ? end : src.LineContentEnd(last);
    }

    private sealed record Owned(string Said, YEntry? Entry);
}
