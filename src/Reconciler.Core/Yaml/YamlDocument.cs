namespace Reconciler.Core.Yaml;

/// <summary>A parsed YAML file: its text, its position-keeping tree and its writing style.</summary>
public sealed class YamlDocument
{
    private YamlDocument(string path, SourceText source, YNode? root)
    {
        Path = path;
        Source = source;
        Root = root;
        Style = FileStyle.Detect(source, root);
    }

    public string Path { get; }

    public SourceText Source { get; }

    public string Text => Source.Text;

    public YNode? Root { get; }

    public FileStyle Style { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="YamlSyntaxException"/> with line and column.</summary>
    public static YamlDocument Parse(string path, string text)
    {
        var source = new SourceText(text);
        var root = YTree.Parse(text, out var hasAnchors);
        return new YamlDocument(path, source, root) { HasAnchors = hasAnchors };
    }

    /// <summary>A document for <paramref name="text"/> whose tree is already known (see <see cref="YTreeSplice"/>).</summary>
    internal static YamlDocument FromTree(string path, string text, YNode? root) => new(path, new SourceText(text), root) { Spliced = true };

    /// <summary>Whether the document has anchors or aliases (a spliced tree never has: splicing refuses them).</summary>
    internal bool HasAnchors { get; private init; }

    /// <summary>True when the tree was spliced from an earlier one rather than parsed from <see cref="Text"/>.</summary>
    internal bool Spliced { get; private init; }

    public YamlEditor Edit() => new(this);
}
