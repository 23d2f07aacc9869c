using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Reconciler.Core.Yaml;

/// <summary>
/// Parses one YAML document into <see cref="YNode"/>s that keep their source positions.
/// Duplicate keys are an error (GitHub rejects them), as are multi-document streams.
/// </summary>
public static class YTree
{
    /// <summary>
    /// Deepest nesting read (the root is level 1). Real workflows nest about ten levels; thousands
    /// would overflow the stack of every recursive walk over the tree, which no handler can catch.
    /// </summary>
    public const int MaxDepth = 256;

    /// <summary>Most entries in one mapping (a workflow's largest, <c>jobs</c>, has at most a few hundred).</summary>
    public const int MaxKeysPerMapping = 10_000;

    /// <summary>Mappings up to this size look keys up by a scan; larger ones by a set.</summary>
    private const int ScanLimit = 16;

    public static YNode? Parse(string text) => Parse(text, out _);

    /// <summary>Parses, and tells whether the document has any anchor or alias (splicing re-parses refuse those).</summary>
    public static YNode? Parse(string text, out bool hasAnchors)
    {
        if (text.StartsWith('\uFEFF'))
        {
            // YamlDotNet reads a byte-order mark as part of the first scalar ("\uFEFFname"), or fails
            // when a comment follows it. Parse what follows it and move every node one character on,
            // so offsets still index the text as given (which keeps its mark).
            var root = Parse(text[1..], out hasAnchors);
            return root is null ? null : Shift.Copy(root, 1, 0);
        }

        var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);
        hasAnchors = false;
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, anchors, text, 1);
            hasAnchors = anchors.Count > 0 || text.Contains('*') && root is not null && root.Descendants().Any(n => n is YAlias);
            parser.Consume<DocumentEnd>();
            if (!parser.TryConsume<StreamEnd>(out _))
            {
                var next = parser.Current!;
                throw new YamlSyntaxException("more than one YAML document in the file", (int)next.Start.Line, (int)next.Start.Column);
            }

            return root;
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
            if (message.Contains("tab", StringComparison.Ordinal) && IndentingTab(text, (int)ex.Start.Index, (int)ex.Start.Line) is { } tab)
            {
                // YamlDotNet reports where the token it was scanning starts, often lines above the tab itself.
                throw new YamlSyntaxException("a tab in indentation (YAML indents with spaces only)", tab.Line, tab.Column);
            }

            throw new YamlSyntaxException(Trim(message), (int)ex.Start.Line, (int)ex.Start.Column);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's parser runs off the end of the stream on some unclosed flow collections.
            var source = new SourceText(text);
            var line = Math.Max(1, source.LineCount);
            throw new YamlSyntaxException("unexpected end of the file (an unclosed '[' or '{'?)", line, source.Line(line).Length + 1);
        }
    }

    /// <summary>Line and column of the first tab in a line's leading whitespace (past any compact <c>- </c>), from the line holding <paramref name="from"/> on.</summary>
    private static (int Line, int Column)? IndentingTab(string text, int from, int line)
    {
        var start = from <= 0 ? 0 : text.LastIndexOf('\n', Math.Min(from, text.Length) - 1) + 1;
        while (start < text.Length)
        {
            // Leading whitespace, and the compact sequence's "- " that may precede more indentation (`-\t- x`).
            for (var i = start; i < text.Length && (text[i] is ' ' or '\t' || IsCompactDash(text, i)); i++)
            {
                if (text[i] == '\t')
                {
                    return (line, i - start + 1);
                }
            }

            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                break;
            }

            start = end + 1;
            line++;
        }

        return null;
    }

    private static bool IsCompactDash(string text, int i) =>
        text[i] == '-' && i + 1 < text.Length && text[i + 1] is ' ' or '\t';

    private static string Trim(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (...): "; we report positions ourselves.
        var i = message.LastIndexOf("): ", StringComparison.Ordinal);
        return i >= 0 && message.StartsWith('(') ? message[(i + 3)..] : message;
    }

    private static SourcePosition Pos(Mark mark) => new((int)mark.Index, (int)mark.Line, (int)mark.Column);

    /// <summary>
    /// YamlDotNet marks a flow collection's end at its closing bracket, not past it; node ends are
    /// exclusive, so a splice up to the end would otherwise leave a stray <c>}</c> or <c>]</c> behind.
    /// (A single-pair mapping inside a flow sequence, <c>[a: b]</c>, has no bracket of its own.)
    /// </summary>
    private static SourcePosition PastBracket(Mark mark, string text) =>
        mark.Index < text.Length && text[(int)mark.Index] is '}' or ']'
            ? new((int)mark.Index + 1, (int)mark.Line, (int)mark.Column + 1)
            : Pos(mark);

    private static YNode ReadNode(IParser parser, Dictionary<string, YNode> anchors, string text, int depth)
    {
        var ev = parser.Current ?? throw new YamlSyntaxException("unexpected end of YAML", 0, 0);
        if (depth > MaxDepth && ev is MappingStart or SequenceStart)
        {
            throw new YamlSyntaxException($"nested more than {MaxDepth} levels deep", (int)ev.Start.Line, (int)ev.Start.Column);
        }

        switch (ev)
        {
            case Scalar scalar:
                parser.MoveNext();
                var node = new YScalar(
                    scalar.Value,
                    scalar.Style switch
                    {
                        ScalarStyle.SingleQuoted => YScalarStyle.SingleQuoted,
                        ScalarStyle.DoubleQuoted => YScalarStyle.DoubleQuoted,
                        ScalarStyle.Literal => YScalarStyle.Literal,
                        ScalarStyle.Folded => YScalarStyle.Folded,
                        _ => YScalarStyle.Plain,
                    },
                    scalar.Tag.IsEmpty ? null : scalar.Tag.Value,
                    Pos(scalar.Start),
                    Pos(scalar.End),
                    scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value);
                return Remember(node, anchors);
            case AnchorAlias alias:
                parser.MoveNext();
                anchors.TryGetValue(alias.Value.Value, out var target);
                return new YAlias(alias.Value.Value, target, Pos(alias.Start), Pos(alias.End));
            case MappingStart mapStart:
                {
                    parser.MoveNext();
                    var map = new YMap(mapStart.Style == MappingStyle.Flow, Pos(mapStart.Start), Pos(mapStart.End), mapStart.Anchor.IsEmpty ? null : mapStart.Anchor.Value);
                    HashSet<string>? keys = null;
                    while (parser.Current is not MappingEnd)
                    {
                        var key = ReadNode(parser, anchors, text, depth + 1);
                        if (map.Entries.Count == MaxKeysPerMapping)
                        {
                            throw new YamlSyntaxException($"more than {MaxKeysPerMapping} keys in one mapping", key.Start.Line, key.Start.Column);
                        }

                        var value = ReadNode(parser, anchors, text, depth + 1);
                        if (key is YScalar k && k.Value != "<<" && IsDuplicate(map, k.Value, ref keys))
                        {
                            throw new YamlSyntaxException($"duplicate key '{k.Value}'", k.Start.Line, k.Start.Column);
                        }

                        map.Entries.Add(new YEntry(key, value));
                    }

                    var end = parser.Current;
                    parser.MoveNext();
                    map.End = map.IsFlow && text[map.Start.Offset] == '{' ? PastBracket(end.End, text) : map.Entries.Count == 0 ? Pos(end.End) : map.Entries[^1].Value.End;
                    return Remember(map, anchors);
                }

            case SequenceStart seqStart:
                {
                    parser.MoveNext();
                    var seq = new YSeq(seqStart.Style == SequenceStyle.Flow, Pos(seqStart.Start), Pos(seqStart.End), seqStart.Anchor.IsEmpty ? null : seqStart.Anchor.Value);
                    while (parser.Current is not SequenceEnd)
                    {
                        seq.Items.Add(ReadNode(parser, anchors, text, depth + 1));
                    }

                    var end = parser.Current;
                    parser.MoveNext();
                    seq.End = seq.IsFlow ? PastBracket(end.End, text) : seq.Items.Count == 0 ? Pos(end.End) : seq.Items[^1].End;
                    return Remember(seq, anchors);
                }

            default:
                throw new YamlSyntaxException($"unexpected YAML event {ev.GetType().Name}", (int)ev.Start.Line, (int)ev.Start.Column);
        }
    }

    /// <summary>
    /// Whether <paramref name="key"/> is already a key of <paramref name="map"/>. Workflow mappings are small
    /// and a scan beats allocating a set per mapping; past <see cref="ScanLimit"/> keys a set keeps it linear.
    /// </summary>
    private static bool IsDuplicate(YMap map, string key, ref HashSet<string>? keys)
    {
        if (keys is null && map.Entries.Count < ScanLimit)
        {
            return map.Find(key) is not null;
        }

        if (keys is null)
        {
            keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in map.Entries)
            {
                if (entry.Key is YScalar { Value: not "<<" } scalar)
                {
                    keys.Add(scalar.Value);
                }
            }
        }

        return !keys.Add(key);
    }

    private static YNode Remember(YNode node, Dictionary<string, YNode> anchors)
    {
        if (node.Anchor is not null)
        {
            anchors[node.Anchor] = node;
        }

        return node;
    }
}
