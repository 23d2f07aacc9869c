using CsCheck;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Yaml;
using Reconciler.Tests.Golden;

namespace Reconciler.Tests.Properties;

/// <summary>
/// Edits are surgical: whatever a rule or the editor doesn't touch stays byte-identical, whatever
/// else is in the file.
/// </summary>
public class UntouchedLinesProperties
{
    private static readonly Lazy<List<(string Case, Reconciler.Core.Repositories.RepositorySnapshot Snapshot, string Path)>> Workflows = new(() =>
        GoldenCase.All()
            .SelectMany(name =>
            {
                var snapshot = new GoldenCase(name).ReadAsync().GetAwaiter().GetResult();
                // Workflows and action metadata alike: edits to either must be surgical.
                return snapshot.WorkflowPaths.Concat(snapshot.ActionMetadataPaths).Select(p => (name, snapshot, p));
            })
            .ToList());

    [Fact]
    public void Comment_lines_added_anywhere_survive_planning_and_change_nothing_else()
    {
        var planner = new Planner(PolicyLoader.LoadBuiltIn()) { CheckIncrementalParses = true };
        var gen = Gen.Select(Gen.Int[0, Workflows.Value.Count - 1], Gen.Int[0, 10_000].Array[1, 6]);
        gen.Sample((which, positions) =>
        {
            var (name, snapshot, path) = Workflows.Value[which];
            var text = snapshot.Files[path];
            var source = new SourceText(text);
            var allowed = InsertableLines(text);
            var baseline = Output(planner, snapshot, path, text);
            var touched = TouchedLines(text, baseline);
            touched.UnionWith(RestructuredJobLines(planner, snapshot, path, text));
            var markers = new List<string>();
            var mustSurvive = new List<string>();
            var lines = Lines(text, source.Newline);
            foreach (var (p, i) in positions.Select((p, i) => (p, i)).OrderByDescending(x => allowed[x.p % allowed.Count]))
            {
                var line = allowed[p % allowed.Count];
                var marker = $"# marker {i} in {name}";
                markers.Add(marker);
                lines.Insert(line - 1, marker);
                if (!(touched.Contains(line) && touched.Contains(line - 1)))
                {
                    mustSurvive.Add(marker); // outside any block the plan rewrites
                }
            }

            var edited = string.Join(source.Newline, lines);
            var output = Output(planner, snapshot with { Files = new Dictionary<string, string>(snapshot.Files) { [path] = edited } }, path, edited);
            foreach (var marker in mustSurvive)
            {
                Assert.Contains(marker, output, StringComparison.Ordinal);
            }

            // A removed entry set off by blank lines leaves one blank line; a marker between the blanks
            // keeps both, which is right with the marker there. Compare with blank runs folded.
            var withoutMarkers = string.Join(source.Newline, Lines(output, source.Newline).Where(l => !markers.Contains(l)));
            Assert.Equal(FoldBlankRuns(baseline, source.Newline), FoldBlankRuns(withoutMarkers, source.Newline));
        }, iter: 150);
    }

    [Fact]
    public void Replacing_one_scalar_leaves_every_other_line_byte_identical()
    {
        var gen = Gen.Select(Gen.Int[0, Workflows.Value.Count - 1], Gen.Int[0, 10_000], Gen.String[Gen.Char["abcxyz0123456789.-"], 1, 12]);
        gen.Sample((which, pick, replacement) =>
        {
            var (_, snapshot, path) = Workflows.Value[which];
            var text = snapshot.Files[path];
            var document = YamlDocument.Parse(path, text);
            var scalars = document.Root!.Descendants().OfType<YScalar>()
                .Where(s => s.Style is YScalarStyle.Plain or YScalarStyle.SingleQuoted or YScalarStyle.DoubleQuoted && s.Start.Line == s.End.Line && s.End.Offset > s.Start.Offset)
                .ToList();
            var target = scalars[pick % scalars.Count];
            var editor = document.Edit();
            editor.ReplaceScalar(target, YValue.Quoted(replacement));
            var before = Lines(text, document.Style.Newline);
            var after = Lines(editor.Apply(), document.Style.Newline);
            Assert.Equal(before.Count, after.Count);
            for (var i = 0; i < before.Count; i++)
            {
                if (i + 1 != target.Start.Line)
                {
                    Assert.Equal(before[i], after[i]);
                }
            }
        }, iter: 300);
    }

    private static string Output(Planner planner, Reconciler.Core.Repositories.RepositorySnapshot snapshot, string path, string input) =>
        planner.PlanRepository(snapshot).Changes.OfType<FileChange>().FirstOrDefault(c => c.Path == path)?.Content ?? input;

    /// <summary>1-based lines of <paramref name="before"/> that the plan deleted or rewrote.</summary>
    private static HashSet<int> TouchedLines(string before, string after)
    {
        var diff = DiffPlex.Differ.Instance.CreateLineDiffs(before, after, ignoreWhitespace: false);
        return diff.DiffBlocks.SelectMany(b => Enumerable.Range(b.DeleteStartA + 1, b.DeleteCountA)).ToHashSet();
    }

    /// <summary>
    /// Lines of the jobs the publish-topology rule splits: the job is rebuilt as two, so a comment
    /// inside it may go even where the diff happens to align old and new lines.
    /// </summary>
    private static IEnumerable<int> RestructuredJobLines(Planner planner, Reconciler.Core.Repositories.RepositorySnapshot snapshot, string path, string text)
    {
        var splitAt = planner.PlanRepository(snapshot).Findings
            .Where(f => f.Rule == "publish-topology" && f.Fixed && f.Path == path && f.Line is not null)
            .Select(f => f.Line!.Value)
            .ToHashSet();
        if (splitAt.Count == 0)
        {
            yield break; // nothing split here (and an action file isn't a workflow)
        }

        var source = new SourceText(text);
        var workflow = Reconciler.Core.Workflows.Workflow.Parse(path, text);
        foreach (var job in workflow.Jobs.Where(j => splitAt.Contains(j.Entry.Key.Start.Line)))
        {
            var last = source.LastContentLineBefore(job.Entry.Value.End.Offset);
            for (var line = job.Entry.Key.Start.Line; line <= last + 1; line++)
            {
                yield return line;
            }
        }
    }

    private static string FoldBlankRuns(string text, string newline)
    {
        var lines = Lines(text, newline);
        return string.Join(newline, lines.Where((line, i) => !(line.Length == 0 && i > 0 && lines[i - 1].Length == 0)));
    }

    private static List<string> Lines(string text, string newline) => [.. text.Split(newline)];

    /// <summary>1-based lines before which a comment line may go: not inside a multi-line scalar or flow collection.</summary>
    private static List<int> InsertableLines(string text)
    {
        var root = YTree.Parse(text)!;
        var inside = new HashSet<int>();
        foreach (var node in root.Descendants())
        {
            var multiLineScalar = node is YScalar && node.End.Line > node.Start.Line;
            var multiLineFlow = node is YMap { IsFlow: true } or YSeq { IsFlow: true } && node.End.Line > node.Start.Line;
            if (multiLineScalar || multiLineFlow)
            {
                for (var l = node.Start.Line + 1; l <= node.End.Line; l++)
                {
                    inside.Add(l);
                }
            }
        }

        var count = new SourceText(text).LineCount;
        return Enumerable.Range(1, count).Where(l => !inside.Contains(l)).ToList();
    }
}
