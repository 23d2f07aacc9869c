using Reconciler.Core.Yaml;

namespace Reconciler.Core.Planning;

/// <summary>
/// Maps a line of a workflow as earlier rules left it back to the line on the default branch, so
/// every finding points at the file the user has. Built from the edits themselves (no diffing):
/// lines a rule inserted map to the line the insertion was made at.
/// </summary>
internal sealed class LineMap(string original)
{
    // _toOriginal[line] = the original line of a line of the current text (index 0 unused).
    private int[] _toOriginal = Identity(original);

    public int Original(int line) => _toOriginal[Math.Clamp(line, 1, _toOriginal.Length - 1)];

    /// <summary>Records that <paramref name="edits"/> turned <paramref name="before"/> into the next current text.</summary>
    public void Advance(string before, IReadOnlyList<TextEdit> edits)
    {
        var step = Step(before, edits);
        var composed = new int[step.Length];
        for (var i = 1; i < step.Length; i++)
        {
            composed[i] = Original(step[i]);
        }

        _toOriginal = composed;
    }

    private static int[] Identity(string text)
    {
        var lines = text.Count(c => c == '\n') + 1;
        var map = new int[lines + 1];
        for (var i = 1; i <= lines; i++)
        {
            map[i] = i;
        }

        return map;
    }

    /// <summary>new line → old line for one set of non-overlapping edits (applied in the same order as <see cref="TextEdit.Apply"/>).</summary>
    private static int[] Step(string before, IReadOnlyList<TextEdit> edits)
    {
        var map = new List<int>(before.Length / 30) { 0, 1 };
        var oldLine = 1;
        var at = 0;
        foreach (var edit in edits.Select((e, i) => (e, i)).OrderBy(x => x.e.Start).ThenBy(x => x.e.End).ThenBy(x => x.i).Select(x => x.e))
        {
            for (var i = at; i < edit.Start; i++)
            {
                if (before[i] == '\n')
                {
                    map.Add(++oldLine);
                }
            }

            var anchor = oldLine;
            foreach (var c in edit.NewText)
            {
                if (c == '\n')
                {
                    map.Add(anchor);
                }
            }

            for (var i = edit.Start; i < edit.End; i++)
            {
                if (before[i] == '\n')
                {
                    oldLine++;
                }
            }

            at = Math.Max(at, edit.End);
        }

        for (var i = at; i < before.Length; i++)
        {
            if (before[i] == '\n')
            {
                map.Add(++oldLine);
            }
        }

        return [.. map];
    }
}
