using Reconciler.Core.Yaml;

namespace Reconciler.Core.Workflows;

/// <summary>
/// A file whose steps name actions in <c>uses:</c>: a workflow, or an action's metadata (a composite
/// action's <c>runs.steps</c>). The rules about <c>uses:</c> read both through <see cref="UsesSite.All(IUsesFile)"/>.
/// </summary>
public interface IUsesFile
{
    YamlDocument Document { get; }

    string Path { get; }

    YMap Root { get; }
}
