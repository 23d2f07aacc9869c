using Reconciler.Core.Repositories;
using Reconciler.Core.Workflows;

namespace Reconciler.Core.Publishing;

/// <summary>A job that publishes to one registry, as the analyzer found it: which step uploads, which steps only carry credentials.</summary>
public sealed class PublishSite
{
    public required Workflow Workflow { get; init; }

    public required Job Job { get; init; }

    public required IRegistryFamily Family { get; init; }

    public required RepositorySnapshot Repository { get; init; }

    /// <summary>The step that uploads.</summary>
    public required Step PublishStep { get; init; }

    /// <summary>The publish step's script, line by line with roles; empty when it is a <c>uses:</c> step.</summary>
    public required IReadOnlyList<ScriptLine> Lines { get; init; }

    /// <summary>Steps before the publish step that only hand a credential to the tool; they are dropped.</summary>
    public required IReadOnlyList<Step> CredentialSteps { get; init; }

    /// <summary>True when an earlier step (or an earlier line of the publish step) already builds the distributable.</summary>
    public required bool BuiltBefore { get; init; }

    /// <summary>Secrets that carry the registry credential (found in the publish and credential steps).</summary>
    public required IReadOnlyList<string> RegistrySecrets { get; init; }

    /// <summary>The file name of the workflow (what a trusted publisher is bound to).</summary>
    public string WorkflowFile => System.IO.Path.GetFileName(Workflow.Path);

    public bool HasControlFlow => Lines.Any(l => l.Role == LineRole.ControlFlow);

    public IEnumerable<string> PublishLines => Lines.Where(l => l.Role == LineRole.Publish).Select(l => l.Text);
}
