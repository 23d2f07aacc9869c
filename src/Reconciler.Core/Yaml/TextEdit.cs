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

        var ordered = edits.Select((e, i) => (e, i)).OrderBy(x => x.e.Start).ThenBy(x => x.e.End).ThenBy(x => x.i).Select(x => x.e).ToList();
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
}
