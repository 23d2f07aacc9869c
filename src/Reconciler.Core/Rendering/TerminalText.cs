using System.Globalization;
using System.Text;

namespace Reconciler.Core.Rendering;

/// <summary>
/// Text from a repository (file names, job ids, step names, messages quoting them) made safe for a terminal: control
/// characters (C0 but tab, DEL, C1) and bidirectional overrides are shown as escapes (<c>\x1B</c>, <c>\u202E</c>),
/// so a hostile repository can't move the cursor, recolour or reorder the plan an operator reads and confirms.
/// </summary>
public static class TerminalText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(NeedsEscape))
        {
            return text ?? "";
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!NeedsEscape(c))
            {
                sb.Append(c);
            }
            else if (c < 0x100)
            {
                sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>One line of a diff: a CRLF file's line ending is not content, everything else is escaped.</summary>
    public static string EscapeLine(string line) => Escape(line.EndsWith('\r') ? line[..^1] : line);

    private static bool NeedsEscape(char c) =>
        (c < 0x20 && c != '\t') || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069'
        || c is '\u200E' or '\u200F' or '\u061C';
}
