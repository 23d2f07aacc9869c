namespace Reconciler.Core.Yaml;

/// <summary>
/// New YAML content that a rule wants to write. Rendered by <see cref="YamlRenderer"/> in the
/// target file's own style, never assembled by string concatenation in rules.
/// </summary>
public abstract record YValue
{
    public static YValue Str(string value) => new YStr(value, null);

    /// <summary>A scalar that must stay quoted (a version like '3.10' that YAML would read as a number).</summary>
    public static YValue Quoted(string value) => new YStr(value, Quote: true);

    /// <summary>A scalar rendered verbatim: the caller guarantees it is valid plain YAML (an expression, a number).</summary>
    public static YValue Raw(string text) => new YRaw(text);

    public static YValue Bool(bool value) => new YRaw(value ? "true" : "false");

    public static YValue Int(int value) => new YRaw(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static YMapValue Map(params (string Key, YValue Value)[] entries) => new(entries.Select(e => new YMapItem(e.Key, e.Value, null)).ToList());

    public static YSeqValue Seq(params YValue[] items) => new(items.ToList(), Flow: false);

    public static YSeqValue FlowSeq(params string[] items) => new(items.Select(Str).ToList(), Flow: true);

    /// <summary>An empty flow mapping, <c>{}</c>.</summary>
    public static YMapValue EmptyMap => new([]);
}

public sealed record YStr(string Value, bool? Quote) : YValue;

public sealed record YRaw(string Text) : YValue;

/// <summary>A mapping entry; <see cref="Comment"/> is written as a trailing <c># comment</c>.</summary>
public sealed record YMapItem(string Key, YValue Value, string? Comment);

public sealed record YMapValue(IReadOnlyList<YMapItem> Items) : YValue
{
    public YMapValue With(string key, YValue value, string? comment = null) => new([.. Items, new YMapItem(key, value, comment)]);
}

public sealed record YSeqValue(IReadOnlyList<YValue> Items, bool Flow) : YValue;

/// <summary>A scalar followed by a trailing comment, e.g. <c>uses: a/b@sha # v1.2.3</c>.</summary>
public sealed record YCommented(YValue Value, string Comment) : YValue;
