using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.Model;

namespace Reconciler.Core.Planning;

/// <summary>Unified diffs (<c>git diff</c> style, 3 lines of context) of a file's old and new text.</summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    public static string Create(string path, string? oldText, string newText)
    {
        var oldLines = SplitLines(oldText ?? "");
        var newLines = SplitLines(newText);
        var diff = Differ.Instance.CreateDiffs(string.Join("\n", oldLines.Select(l => l.Text)), string.Join("\n", newLines.Select(l => l.Text)), ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        var sb = new StringBuilder();
        sb.Append(oldText is null ? "--- /dev/null\n" : $"--- a/{path}\n").Append($"+++ b/{path}\n");
        var blocks = oldText is null || oldText.Length == 0
            ? [new DiffBlock(0, 0, 0, newLines.Count)]
            : diff.DiffBlocks;
        var i = 0;
        while (i < blocks.Count)
        {
            // Group blocks whose context overlaps into one hunk.
            var j = i;
            while (j + 1 < blocks.Count && blocks[j + 1].DeleteStartA - (blocks[j].DeleteStartA + blocks[j].DeleteCountA) <= 2 * Context)
            {
                j++;
            }

            var first = blocks[i];
            var last = blocks[j];
            var oldStart = Math.Max(0, first.DeleteStartA - Context);
            var oldEnd = Math.Min(oldLines.Count, last.DeleteStartA + last.DeleteCountA + Context);
            var newStart = first.InsertStartB - (first.DeleteStartA - oldStart);
            var newEnd = last.InsertStartB + last.InsertCountB + (oldEnd - (last.DeleteStartA + last.DeleteCountA));
            sb.Append($"@@ -{Range(oldStart, oldEnd - oldStart)} +{Range(newStart, newEnd - newStart)} @@\n");
            var a = oldStart;
            for (var k = i; k <= j; k++)
            {
                var b = blocks[k];
                for (; a < b.DeleteStartA; a++)
                {
                    Line(sb, ' ', oldLines[a]);
                }

                for (var d = 0; d < b.DeleteCountA; d++)
                {
                    Line(sb, '-', oldLines[b.DeleteStartA + d]);
                }

                for (var n = 0; n < b.InsertCountB; n++)
                {
                    Line(sb, '+', newLines[b.InsertStartB + n]);
                }

                a = b.DeleteStartA + b.DeleteCountA;
            }

            for (; a < oldEnd; a++)
            {
                Line(sb, ' ', oldLines[a]);
            }

            i = j + 1;
        }

        return sb.ToString();
    }

    private static string Range(int start, int count) => count == 0 ? $"{start},0" : count == 1 ? $"{start + 1}" : $"{start + 1},{count}";

    private static void Line(StringBuilder sb, char mark, (string Text, bool NoNewline) line)
    {
        sb.Append(mark).Append(line.Text).Append('\n');
        if (line.NoNewline)
        {
            sb.Append("\\ No newline at end of file\n");
        }
    }

    /// <summary>Lines without their terminators; a CR is kept visible as part of the line so CRLF changes show.</summary>
    private static List<(string Text, bool NoNewline)> SplitLines(string text)
    {
        var lines = new List<(string, bool)>();
        if (text.Length == 0)
        {
            return lines;
        }

        var parts = text.Split('\n');
        for (var i = 0; i < parts.Length; i++)
        {
            var isLast = i == parts.Length - 1;
            if (isLast && parts[i].Length == 0)
            {
                break;
            }

            lines.Add((parts[i].TrimEnd('\r'), isLast));
        }

        return lines;
    }
}
