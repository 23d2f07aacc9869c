namespace Reconciler.Core.Yaml;

/// <summary>A position in the source text: character offset plus 1-based line and column.</summary>
public readonly record struct SourcePosition(int Offset, int Line, int Column);

/// <summary>
/// A YAML node that remembers where it came from. Edits are expressed as splices of the
/// original text at these positions, so everything no edit touches stays byte-identical.
/// </summary>
public abstract class YNode
{
    protected YNode(SourcePosition start, SourcePosition end, string? anchor)
    {
        Start = start;
        End = end;
        Anchor = anchor;
    }

    public SourcePosition Start { get; }

    /// <summary>End of the node's own text (exclusive). For block collections, the end of their last child.</summary>
    public SourcePosition End { get; internal set; }

    public string? Anchor { get; }
}

public enum YScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

public sealed class YScalar : YNode
{
    public YScalar(string value, YScalarStyle style, string? tag, SourcePosition start, SourcePosition end, string? anchor)
        : base(start, end, anchor)
    {
        Value = value;
        Style = style;
        Tag = tag;
    }

    public string Value { get; }

    public YScalarStyle Style { get; }

    public string? Tag { get; }

    /// <summary>True for an empty plain scalar, <c>~</c> or <c>null</c>: YAML's null.</summary>
    public bool IsNull => Style == YScalarStyle.Plain && Tag is null && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string ToString() => Value;
}

public sealed class YEntry
{
    public YEntry(YNode key, YNode value)
    {
        Key = key;
        Value = value;
    }

    public YNode Key { get; }

    public YNode Value { get; }

    /// <summary>The key's text when it is a scalar (the usual case in workflows).</summary>
    public string KeyText => Key is YScalar s ? s.Value : "";
}

public sealed class YMap : YNode
{
    public YMap(bool flow, SourcePosition start, SourcePosition end, string? anchor)
        : base(start, end, anchor) => IsFlow = flow;

    public bool IsFlow { get; }

    public List<YEntry> Entries { get; } = [];

    public YEntry? Find(string key)
    {
        // A plain loop: rules look keys up constantly, and a LINQ closure per lookup showed in the benchmark.
        foreach (var entry in Entries)
        {
            if (entry.Key is YScalar scalar && scalar.Value == key)
            {
                return entry;
            }
        }

        return null;
    }

    public YNode? this[string key] => Find(key)?.Value;

    public YMap? Map(string key) => this[key] as YMap;

    public YSeq? Seq(string key) => this[key] as YSeq;

    public string? Text(string key) => this[key] is YScalar s && !s.IsNull ? s.Value : null;
}

public sealed class YSeq : YNode
{
    public YSeq(bool flow, SourcePosition start, SourcePosition end, string? anchor)
        : base(start, end, anchor) => IsFlow = flow;

    public bool IsFlow { get; }

    public List<YNode> Items { get; } = [];
}

/// <summary>An alias (<c>*name</c>) with the node its anchor names.</summary>
public sealed class YAlias : YNode
{
    public YAlias(string name, YNode? target, SourcePosition start, SourcePosition end)
        : base(start, end, null)
    {
        Name = name;
        Target = target;
    }

    public string Name { get; }

    public YNode? Target { get; }
}
