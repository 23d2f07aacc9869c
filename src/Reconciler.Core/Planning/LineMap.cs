using DiffPlex;
using DiffPlex.Chunkers;

namespace Reconciler.Core.Planning;

/// <summary>
/// Maps a line of a workflow as earlier rules left it back to the line on the default branch, so
/// every finding points at the file the user has. Lines a rule inserted map to the line above them.
/// </summary>
internal sealed class LineMap(string original)
{
    private string? _cachedText;
    private int[]? _cachedMap;

    public int Original(string current, int line)
    {
        if (ReferenceEquals(current, original) || current == original)
        {
            return line;
        }

        if (_cachedText != current)
        {
            _cachedMap = Build(current);
            _cachedText = current;
        }

        return line - 1 < _cachedMap!.Length ? _cachedMap[line - 1] : line;
    }

    private int[] Build(string current)
    {
        var diff = Differ.Instance.CreateDiffs(original, current, false, false, LineChunker.Instance);
        var count = current.Split('\n').Length;
        var map = new int[count];
        int a = 0, b = 0;
        foreach (var block in diff.DiffBlocks)
        {
            for (; b < block.InsertStartB; a++, b++)
            {
                map[b] = a + 1;
            }

            for (var i = 0; i < block.InsertCountB; i++)
            {
                map[block.InsertStartB + i] = Math.Max(1, block.DeleteStartA + (block.DeleteCountA > 0 ? 1 : 0));
            }

            a = block.DeleteStartA + block.DeleteCountA;
            b = block.InsertStartB + block.InsertCountB;
        }

        for (; b < count; a++, b++)
        {
            map[b] = a + 1;
        }

        return map;
    }
}
