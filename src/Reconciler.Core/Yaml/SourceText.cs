namespace Reconciler.Core.Yaml;

/// <summary>Line-indexed view of a file's text. Keeps the file's own newline convention.</summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string text)
    {
        Text = text;
        Newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    public string Text { get; }

    public string Newline { get; }

    public bool EndsWithNewline => Text.EndsWith('\n');

    /// <summary>Number of lines; a final newline does not start another line.</summary>
    public int LineCount => EndsWithNewline || Text.Length == 0 ? _lineStarts.Length - 1 : _lineStarts.Length;

    /// <summary>Offset of the first character of a 1-based line.</summary>
    public int LineStart(int line) => line - 1 < _lineStarts.Length ? _lineStarts[line - 1] : Text.Length;

    /// <summary>Offset just past a line's content (before its newline).</summary>
    public int LineContentEnd(int line)
    {
        var end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        if (end > 0 && end <= Text.Length && end > LineStart(line) && Text[end - 1] == '\n')
        {
            end--;
        }

        if (end > LineStart(line) && Text[end - 1] == '\r')
        {
            end--;
        }

        return end;
    }

    /// <summary>Offset of the start of the next line (past the newline), or the end of the text.</summary>
    public int LineEndWithNewline(int line) => line < _lineStarts.Length ? _lineStarts[line] : Text.Length;

    public string Line(int line) => Text[LineStart(line)..LineContentEnd(line)];

    /// <summary>1-based line of an offset.</summary>
    public int LineOf(int offset)
    {
        var i = Array.BinarySearch(_lineStarts, offset);
        return i >= 0 ? i + 1 : ~i;
    }

    public static int IndentOf(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] == ' ')
        {
            i++;
        }

        return i;
    }

    public static bool IsBlankOrComment(string line)
    {
        var t = line.TrimStart();
        return t.Length == 0 || t[0] == '#';
    }

    /// <summary>
    /// The last line at or before <paramref name="offset"/> that holds YAML content (not blank, not only a comment).
    /// Block scalars and collections end at the next token, so their recorded end can lie past trailing blank lines.
    /// </summary>
    public int LastContentLineBefore(int offset)
    {
        var i = Math.Min(offset, Text.Length) - 1;
        while (i >= 0 && char.IsWhiteSpace(Text[i]))
        {
            i--;
        }

        var line = LineOf(Math.Max(i, 0));
        while (line > 1 && IsBlankOrComment(Line(line)))
        {
            line--;
        }

        return line;
    }
}
