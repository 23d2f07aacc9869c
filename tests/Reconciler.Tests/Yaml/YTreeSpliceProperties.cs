using CsCheck;
using Reconciler.Core.Yaml;
using Reconciler.Tests.Support;
using Xunit.Abstractions;

namespace Reconciler.Tests.Yaml;

/// <summary>
/// A spliced re-parse must give exactly the tree a full parse gives: same nodes, values, styles and
/// positions. Random line-level edits (deleting, copying lines and blocks, re-indenting lines, replacing scalars,
/// adding comments and blank lines) on every workflow and action file the golden cases hold.
/// </summary>
public class YTreeSpliceProperties(ITestOutputHelper output)
{
    private static readonly Lazy<List<string>> Texts = new(() =>
        new[] { Path.Combine("Golden", "cases"), Path.Combine("PublishGolden", "cases") }
            .SelectMany(dir => Directory.EnumerateFiles(Repo.PathOf("tests", "Reconciler.Tests", dir), "*.y*ml", SearchOption.AllDirectories))
            .Where(p => p.Contains($"{Path.DirectorySeparatorChar}workflows{Path.DirectorySeparatorChar}", StringComparison.Ordinal) || Path.GetFileName(p) is "action.yml" or "action.yaml")
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToList());

    private static readonly string[] Snippets =
    [
        "# a comment", "", "   ", "permissions: {}", "  contents: read", "env:", "  X: '1'", "- run: echo hi", "  - run: |", "      echo",
        "    steps:", "      - uses: actions/checkout@v4", "run: >-", "key: [a, b]", "k: {a: 1}", "- x", "  # indented comment", "x: \"quoted",
    ];

    /// <summary>10,000 by default; <c>RECONCILE_PROPERTY_ITER</c> asks for a longer hunt.</summary>
    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("RECONCILE_PROPERTY_ITER"), out var n) ? n : 10_000;

    [Fact]
    public void Spliced_trees_equal_full_parses_after_random_line_edits()
    {
        long spliced = 0, total = 0;
        var gen = Gen.Select(Gen.Int[0, Texts.Value.Count - 1], Gen.Select(Gen.Int[0, 6], Gen.Int[0, 100_000], Gen.Int[0, 100_000], Gen.Int[0, 100_000]).Array[1, 4]);
        gen.Sample((which, operations) =>
        {
            var text = Texts.Value[which];
            var root = YTree.Parse(text);
            var edits = Edits(text, operations);
            var edited = TextEdit.Apply(text, edits);
            YNode? full;
            try
            {
                full = YTree.Parse(edited);
            }
            catch (YamlSyntaxException)
            {
                Assert.False(Splice(root, text, edits, edited, out _), $"spliced an edit that makes the file invalid:\n{edited}");
                return;
            }

            Interlocked.Increment(ref total);
            if (Splice(root, text, edits, edited, out var result))
            {
                Interlocked.Increment(ref spliced);
                Assert.True(YTreeComparison.FirstDifference(result, full) is null, $"{YTreeComparison.FirstDifference(result, full)}\n--- edits: {string.Join(" | ", edits)}\n--- text:\n{edited}");
            }
        }, iter: Iterations);

        output.WriteLine($"{spliced} of {total} valid edit sets spliced; the rest parsed whole");

        // Not vacuous: most valid edits are spliced rather than sent to a full parse.
        Assert.True(spliced * 2 > total, $"only {spliced} of {total} valid edits were spliced");
    }

    private static bool Splice(YNode? root, string text, List<TextEdit> edits, string edited, out YNode? result)
    {
        try
        {
            return YTreeSplice.TryApply(root, text, edits, edited, out result);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- edits: {string.Join(" | ", edits)}\n--- before:\n{text}\n--- after:\n{edited}", ex);
        }
    }

    /// <summary>Non-overlapping line-level edits: each picks a line by its number modulo the line count.</summary>
    private static List<TextEdit> Edits(string text, (int Kind, int A, int B, int C)[] operations)
    {
        var source = new SourceText(text);
        var lines = Math.Max(1, source.LineCount);
        var edits = new List<TextEdit>();
        var used = new List<(int From, int To)>();
        foreach (var (kind, a, b, c) in operations)
        {
            var line = (a % lines) + 1;
            var start = source.LineStart(line);
            var edit = kind switch
            {
                // Delete one to three lines.
                0 => new TextEdit(start, source.LineEndWithNewline(Math.Min(lines, line + (b % 3))), ""),
                // Copy another line here, as it is.
                1 => TextEdit.Insert(start, source.Line((b % lines) + 1) + source.Newline),
                // Insert a snippet, indented like this line or deeper.
                2 => TextEdit.Insert(start, new string(' ', SourceText.IndentOf(source.Line(line)) + (2 * (c % 2))) + Snippets[b % Snippets.Length] + source.Newline),
                // Re-indent this line by -2..+2.
                3 => Reindent(source, line, (b % 5) - 2),
                // Replace this line's last word.
                4 => ReplaceLastWord(source, line, $"v{b % 10}.{c % 10}"),
                // A trailing comment.
                5 => TextEdit.Insert(source.LineContentEnd(line), " # note"),
                // Copy a block of two to six lines here (a step, a job's grant, a whole small job).
                _ => TextEdit.Insert(start, Block(source, (b % lines) + 1, 2 + (c % 5))),
            };

            if (used.Any(u => edit.Start < u.To && u.From < edit.End || (edit.Start == edit.End && edit.Start >= u.From && edit.Start <= u.To)))
            {
                continue;
            }

            used.Add((Math.Min(edit.Start, source.LineStart(source.LineOf(edit.Start))), Math.Max(edit.End, source.LineEndWithNewline(source.LineOf(edit.Start)))));
            edits.Add(edit);
        }

        return edits;
    }

    private static string Block(SourceText source, int from, int count)
    {
        var to = Math.Min(source.LineCount, from + count - 1);
        return source.Text[source.LineStart(from)..source.LineEndWithNewline(to)] is var block && block.EndsWith('\n') ? block : block + source.Newline;
    }

    private static TextEdit Reindent(SourceText source, int line, int by)
    {
        var start = source.LineStart(line);
        var indent = SourceText.IndentOf(source.Line(line));
        return by >= 0 ? TextEdit.Insert(start, new string(' ', by)) : new TextEdit(start, start + Math.Min(indent, -by), "");
    }

    private static TextEdit ReplaceLastWord(SourceText source, int line, string word)
    {
        var text = source.Line(line);
        var end = text.TrimEnd().Length;
        var begin = text.LastIndexOf(' ', Math.Max(0, end - 1)) + 1;
        return new TextEdit(source.LineStart(line) + begin, source.LineStart(line) + end, word);
    }
}
