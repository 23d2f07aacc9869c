using System.Diagnostics.CodeAnalysis;
using Reconciler.Core.Repositories;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>
/// A repository's own action (<c>uses: ./.github/actions/setup</c>) as its metadata describes it:
/// <c>runs.using</c> and, for a composite action, <c>runs.steps</c>.
/// </summary>
public sealed class LocalAction
{
    private LocalAction(string metadataPath, string @using, IReadOnlyList<Step> steps)
    {
        MetadataPath = metadataPath;
        Using = @using;
        Steps = steps;
    }

    /// <summary>Where the metadata was read from, e.g. <c>.github/actions/setup/action.yml</c>.</summary>
    public string MetadataPath { get; }

    /// <summary><c>runs.using</c>: composite, node20, docker, …</summary>
    public string Using { get; }

    public bool IsComposite => Using == "composite";

    /// <summary>A composite action's steps; empty for any other kind.</summary>
    public IReadOnlyList<Step> Steps { get; }

    /// <summary>
    /// Reads the action in <paramref name="folder"/> (repository-relative, no leading <c>./</c>) from the snapshot. On failure, <paramref name="problem"/> says what to do so it can be read.
    /// </summary>
    public static bool TryRead(string folder, RepositorySnapshot repository, [NotNullWhen(true)] out LocalAction? action, [NotNullWhen(false)] out string? problem)
    {
        var files = repository.Files;
        action = null;
        var prefix = folder.Length == 0 ? "" : folder + "/";
        // `uses: ./` is the repository's own root action (an action repository testing itself).
        var readable = folder.Length == 0 || (FilesOfInterest.IsLocalActionMetadata(prefix + "action.yml") && !folder.Split('/').Any(s => s is "" or "." or ".."));
        if (!readable)
        {
            problem = $"move `./{folder}` below {FilesOfInterest.LocalActionsFolder}, where Reconcile reads local actions' action.yml";
            return false;
        }

        var path = files.ContainsKey(prefix + "action.yml") || repository.Unreadable.ContainsKey(prefix + "action.yml") ? prefix + "action.yml" : prefix + "action.yaml";
        if (repository.Unreadable.TryGetValue(path, out var why))
        {
            problem = $"make {path} readable (it {why})";
            return false;
        }

        if (!files.TryGetValue(path, out var text))
        {
            problem = $"add {prefix}action.yml (neither it nor action.yaml was found)";
            return false;
        }

        ActionMetadata metadata;
        try
        {
            metadata = ActionMetadata.Parse(path, text);
        }
        catch (Exception ex) when (ex is YamlSyntaxException or NotAnActionException)
        {
            problem = $"fix {path}: it doesn't parse as action metadata with runs.using";
            return false;
        }

        action = new LocalAction(path, metadata.Using, metadata.Steps);
        problem = null;
        return true;
    }
}
