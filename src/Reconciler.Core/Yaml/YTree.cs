using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Reconciler.Core.Yaml;

/// <summary>
/// Parses one YAML document into <see cref="YNode"/>s that keep their source positions.
/// Duplicate keys are an error (GitHub rejects them), as are multi-document streams.
/// </summary>
public static class YTree
{
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
            var root = ReadNode(parser, anchors, text);
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

    private static YNode ReadNode(IParser parser, Dictionary<string, YNode> anchors, string text)
    {
        var ev = parser.Current ?? throw new YamlSyntaxException("unexpected end of YAML", 0, 0);
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
                    while (parser.Current is not MappingEnd)
                    {
                        var key = ReadNode(parser, anchors, text);
                        var value = ReadNode(parser, anchors, text);
                        if (key is YScalar k && k.Value != "<<" && map.Find(k.Value) is not null)
                        {
                            // Workflow mappings are small: a scan beats allocating a set per mapping.
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
                        seq.Items.Add(ReadNode(parser, anchors, text));
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

    private static YNode Remember(YNode node, Dictionary<string, YNode> anchors)
    {
        if (node.Anchor is not null)
        {
            anchors[node.Anchor] = node;
        }

        return node;
    }
}
