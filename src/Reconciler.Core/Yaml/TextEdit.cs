namespace Reconciler.Core.Yaml;

/// <summary>Replace the characters in [Start, End) with <see cref="NewText"/>.</summary>
public readonly record struct TextEdit(int Start, int End, string NewText)
{
    public static TextEdit Insert(int at, string text) => new(at, at, text);

    /// <summary>Applies non-overlapping edits. Inserts at the same offset keep the order they were given in.</summary>
    public static string Apply(string text, IReadOnlyList<TextEdit> edits)
    {
        if (edits.Count == 0)
        {
            return text;
        }

        var ordered = InOrder(edits);
        var sb = new System.Text.StringBuilder(text.Length + 256);
        var at = 0;
        foreach (var edit in ordered)
        {
            if (edit.Start < at)
            {
                throw new InvalidOperationException($"overlapping edits at offset {edit.Start}");
            }

            sb.Append(text, at, edit.Start - at).Append(edit.NewText);
            at = edit.End;
        }

        return sb.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>The edits by start, then end, then the order they were given in (inserts at one offset keep their order).</summary>
    public static IReadOnlyList<TextEdit> InOrder(IReadOnlyList<TextEdit> edits)
    {
        // Rules mostly add edits in file order already: check before paying for a sort.
        var sorted = true;
        for (var i = 1; i < edits.Count && sorted; i++)
        {
            sorted = Compare(edits[i - 1], edits[i]) <= 0;
        }

        if (sorted)
        {
            return edits;
        }

        var indexed = new (TextEdit Edit, int Index)[edits.Count];
        for (var i = 0; i < edits.Count; i++)
        {
            indexed[i] = (edits[i], i);
        }

        Array.Sort(indexed, (a, b) => Compare(a.Edit, b.Edit) is var c && c != 0 ? c : a.Index.CompareTo(b.Index));
        return Array.ConvertAll(indexed, x => x.Edit);
    }

    private static int Compare(TextEdit a, TextEdit b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End);
}
