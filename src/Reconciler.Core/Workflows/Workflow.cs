using Reconciler.Core.Yaml;

namespace Reconciler.Core.Workflows;

/// <summary>A GitHub Actions workflow file: a typed view over its position-keeping YAML.</summary>
public sealed class Workflow : IUsesFile
{
    private Workflow(YamlDocument document, YMap root)
    {
        Document = document;
        Root = root;
        var jobs = root.Map("jobs");
        Jobs = jobs is null ? [] : jobs.Entries.Select(e => new Job(e, e.Value as YMap)).ToList();
    }

    public YamlDocument Document { get; }

    public string Path => Document.Path;

    public YMap Root { get; }

    public IReadOnlyList<Job> Jobs { get; }

    public YMap? JobsMap => Root.Map("jobs");

    /// <summary>The <c>on:</c> key; YAML 1.1 readers see it as <c>true</c>, GitHub as "on".</summary>
    public YNode? On => Root["on"] ?? Root["true"];

    /// <summary>Event names the workflow triggers on, whichever way <c>on:</c> is written.</summary>
    public IReadOnlyList<string> Triggers => On switch
    {
        YScalar s => [s.Value],
        YSeq seq => seq.Items.OfType<YScalar>().Select(i => i.Value).ToList(),
        YMap map => map.Entries.Select(e => e.KeyText).ToList(),
        _ => [],
    };

    public Job? Job(string id) => Jobs.FirstOrDefault(j => j.Id == id);

    /// <summary>
    /// Reads a workflow. Throws <see cref="YamlSyntaxException"/> for YAML that doesn't parse and
    /// <see cref="NotAWorkflowException"/> for YAML that isn't a workflow.
    /// </summary>
    public static Workflow Parse(string path, string text) => Of(YamlDocument.Parse(path, text));

    /// <summary>
    /// The workflow after <paramref name="edits"/>, re-reading only the lines they touched when that is
    /// safe (<see cref="YTreeSplice"/>), the whole text otherwise (always, when <paramref name="incremental"/>
    /// is false). Throws as <see cref="Parse"/> does; with <paramref name="check"/>, also
    /// <see cref="IncrementalParseException"/> when the spliced tree differs from a full parse.
    /// </summary>
    internal static Workflow Edited(Workflow before, IReadOnlyList<TextEdit> edits, string text, bool incremental, bool check)
    {
        if (!incremental || !YTreeSplice.TryApply(before.Document.Root, before.Document.Text, edits, text, out var root, anchorFree: !before.Document.HasAnchors))
        {
            return Parse(before.Path, text);
        }

        if (check && YTreeComparison.FirstDifference(root, YTree.Parse(text)) is { } difference)
        {
            throw new IncrementalParseException($"{before.Path}: the spliced tree differs from a full parse at {difference}");
        }

        return Of(YamlDocument.FromTree(before.Path, text, root));
    }

    private static Workflow Of(YamlDocument document)
    {
        if (document.Root is not YMap root)
        {
            throw new NotAWorkflowException("the file is not a YAML mapping", document.Root?.Start.Line ?? 1, document.Root?.Start.Column ?? 1);
        }

        if (root.Find("jobs") is null)
        {
            throw new NotAWorkflowException("a workflow needs 'jobs'", root.Start.Line, root.Start.Column);
        }

        if (root["jobs"] is not YMap)
        {
            var jobs = root["jobs"]!;
            throw new NotAWorkflowException("'jobs' must be a mapping of job ids to jobs", jobs.Start.Line, jobs.Start.Column);
        }

        return new Workflow(document, root);
    }
}

/// <summary>An incremental re-parse that disagreed with a full one: a bug in <see cref="YTreeSplice"/>, raised only when checking.</summary>
public sealed class IncrementalParseException(string message) : Exception(message);

/// <summary>YAML that parses but isn't the kind of file it was read as (a workflow, an action's metadata); where it goes wrong.</summary>
public abstract class WrongKindOfFileException(string message, int line, int column) : Exception(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}

/// <summary>YAML that parses but isn't a GitHub Actions workflow.</summary>
public sealed class NotAWorkflowException(string message, int line, int column) : WrongKindOfFileException(message, line, column);

/// <summary>One job of a workflow.</summary>
public sealed class Job(YEntry entry, YMap? map)
{
    private IReadOnlyList<Step>? _steps;

    public YEntry Entry { get; } = entry;

    public string Id => Entry.KeyText;

    /// <summary>The job's mapping; null when the job is not a mapping (invalid, reported elsewhere).</summary>
    public YMap? Map { get; } = map;

    public YNode? Permissions => Map?["permissions"];

    public YNode? Environment => Map?["environment"];

    /// <summary>The environment's name, whether written as a bare name or as <c>{name, url}</c>.</summary>
    public string? EnvironmentName => Environment switch
    {
        YScalar s when !s.IsNull => s.Value,
        YMap m => m.Text("name"),
        _ => null,
    };

    /// <summary>A reusable-workflow call (<c>uses:</c> on the job).</summary>
    public string? Uses => Map?.Text("uses");

    public string? If => Map?.Text("if");

    /// <summary>Job ids this job needs, whether written as a scalar or a sequence.</summary>
    public IReadOnlyList<string> Needs => Map?["needs"] switch
    {
        YScalar s when !s.IsNull => [s.Value],
        YSeq seq => seq.Items.OfType<YScalar>().Select(i => i.Value).ToList(),
        _ => [],
    };

    public bool HasMatrix => Map?.Map("strategy")?["matrix"] is not null;

    /// <summary>
    /// The job's steps, built once: rules walk them many times per plan. An aliased list or step is read
    /// through its anchor (edits there are refused, see WorkflowContext.IsShared).
    /// </summary>
    public IReadOnlyList<Step> Steps => _steps ??= Map?["steps"].Deref() is YSeq seq ? seq.Items.Select((n, i) => new Step(i, n.Deref() as YMap)).ToList() : [];
}

/// <summary>One step of a job.</summary>
public sealed class Step(int index, YMap? map)
{
    public int Index { get; } = index;

    public YMap? Map { get; } = map;

    public string? Name => Map?.Text("name");

    public string? Uses => Map?.Text("uses");

    public YScalar? UsesNode => Map?["uses"] as YScalar;

    public string? Run => Map?.Text("run");

    public YMap? With => Map?.Map("with");

    public YMap? Env => Map?.Map("env");

    public string? If => Map?.Text("if");

    /// <summary>How messages name the step: <c>step 2</c>, or <c>step 2 (Build)</c> when it has a name.</summary>
    public string Label => $"step {Index + 1}{(Name is { } n ? $" ({n})" : "")}";
}
