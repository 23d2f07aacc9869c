using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing;

/// <summary>
/// One registry family (PyPI, npm, Maven Central, …): how to recognise its publish step, the
/// build-only form of it, and the upload-only steps of the publish job. One folder each.
/// </summary>
public interface IRegistryFamily
{
    /// <summary>The registry's id in the policy's <c>registries</c> (pypi, npm, maven-central, …).</summary>
    string RegistryId { get; }

    /// <summary>How people write the registry's name (PyPI, npm, Maven Central).</summary>
    string DisplayName { get; }

    /// <summary>True when the registry exchanges a GitHub OIDC token for upload rights, so long-lived secrets can go.</summary>
    bool TrustedPublishing { get; }

    /// <summary>The role of a <c>uses:</c> step (owner/repo, without the ref) for this registry.</summary>
    LineRole ActionRole(string action);

    /// <summary>The role of one command line of a <c>run:</c> script for this registry.</summary>
    LineRole RoleOf(string line);

    /// <summary>Why this job's publishing can't be split automatically, or null when it can.</summary>
    string? Unsupported(PublishSite site);

    /// <summary>What build-artifact hands to publish.</summary>
    Artifact Artifact(PublishSite site);

    /// <summary>The build-only form of one publish command (<c>poetry publish --build</c> → <c>poetry build</c>).</summary>
    string BuildOnly(PublishSite site, string publishLine);

    /// <summary>Name of the build step in build-artifact when it replaces a publish command.</summary>
    string BuildStepName { get; }

    /// <summary>Whether an environment variable only matters to uploading (tokens, registry URLs): it leaves the build.</summary>
    bool IsPublishEnv(string name);

    /// <summary>The steps of the publish job after the artifact download.</summary>
    IReadOnlyList<YValue> UploadSteps(PublishSite site, PublishJobContext context);

    /// <summary>True when the upload-only job must run on <c>ubuntu-latest</c> whatever runner built (its script needs GNU tools).</summary>
    bool UploadsOnLinux => false;

    /// <summary>One line for the pull request: how the publish job uploads.</summary>
    string DescribeUpload(PublishSite site);

    /// <summary>What only a human can do afterwards (register the trusted publisher, move or delete secrets).</summary>
    IReadOnlyList<ManualStep> ManualSteps(PublishSite site, PublishJobContext context);
}

/// <summary>The artifact between the jobs: its name, the path (or glob) it is uploaded from, and what it holds.</summary>
public sealed record Artifact(string Name, string Path, string Holds)
{
    /// <summary>Where the publish job puts it (the upload path, unless that is a glob).</summary>
    public string DownloadPath { get; init; } = Path;
}

/// <summary>A manual step: the thing it is about (e.g. <c>pypi:acme</c>) and what to do.</summary>
public sealed record ManualStep(string Target, string Instructions);

/// <summary>What an upload step needs to know about the new publish job.</summary>
public sealed record PublishJobContext(string Environment, string WorkflowFile, string Owner, string Repository, ActionPins Pins, Artifact Artifact);
