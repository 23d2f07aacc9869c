using Reconciler.Core.Yaml;

namespace Reconciler.Core.Workflows;

/// <summary>
/// An action's metadata file (<c>action.yml</c>): a typed view over its position-keeping YAML. A composite
/// action's <c>runs.steps</c> use other actions just as a workflow's steps do, so they are supply chain too.
/// </summary>
public sealed class ActionMetadata : IUsesFile
{
    private ActionMetadata(YamlDocument document, YMap root, YMap runs, string @using)
    {
        Document = document;
        Root = root;
        Runs = runs;
        Using = @using;
        Steps = IsComposite && runs["steps"].Deref() is YSeq seq ? seq.Items.Select((n, i) => new Step(i, n.Deref() as YMap)).ToList() : [];
    }

    public YamlDocument Document { get; }

    public string Path => Document.Path;

    public YMap Root { get; }

    /// <summary>The <c>runs:</c> mapping.</summary>
    public YMap Runs { get; }

    public string? Name => Root.Text("name");

    /// <summary><c>runs.using</c>: <c>composite</c>, <c>node20</c>, <c>docker</c>, …</summary>
    public string Using { get; }

    public bool IsComposite => Using == "composite";

    /// <summary>A composite action's steps; empty for any other kind (node and docker actions run code, not steps).</summary>
    public IReadOnlyList<Step> Steps { get; }

    /// <summary>
    /// Reads action metadata. Throws <see cref="YamlSyntaxException"/> for YAML that doesn't parse and
    /// <see cref="NotAnActionException"/> for YAML that isn't action metadata (no <c>runs.using</c>).
    /// </summary>
    public static ActionMetadata Parse(string path, string text)
    {
        var document = YamlDocument.Parse(path, text);
        if (document.Root is not YMap root)
        {
            throw new NotAnActionException("the file is not a YAML mapping", document.Root?.Start.Line ?? 1, document.Root?.Start.Column ?? 1);
        }

        if (root.Find("runs") is null)
        {
            throw new NotAnActionException("action metadata needs 'runs'", root.Start.Line, root.Start.Column);
        }

        if (root["runs"].Deref() is not YMap runs)
        {
            var at = root["runs"]!;
            throw new NotAnActionException("'runs' must be a mapping", at.Start.Line, at.Start.Column);
        }

        if (runs.Text("using") is not { Length: > 0 } @using)
        {
            var at = (YNode?)runs["using"] ?? runs;
            throw new NotAnActionException("'runs.using' must name the kind of action (composite, node20, docker)", at.Start.Line, at.Start.Column);
        }

        return new ActionMetadata(document, root, runs, @using);
    }
}

/// <summary>YAML that parses but isn't an action's metadata.</summary>
public sealed class NotAnActionException(string message, int line, int column) : WrongKindOfFileException(message, line, column);
