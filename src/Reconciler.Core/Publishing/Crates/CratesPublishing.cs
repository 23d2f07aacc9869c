using System.Text.RegularExpressions;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing.Crates;

/// <summary>
/// crates.io: <c>cargo publish</c>. Recognised so the rule can say why it leaves it alone: cargo
/// has no command that uploads an already-packaged <c>.crate</c>, so an upload-only job would still
/// need the source and the toolchain. crates.io trusted publishing
/// (rust-lang/crates-io-auth-action) still removes the long-lived token; that change is reported, not made.
/// </summary>
public sealed partial class CratesPublishing : IRegistryFamily
{
    public string RegistryId => "crates";

    public string DisplayName => "crates.io";

    public bool TrustedPublishing => true;

    public string BuildStepName => "Package the crate";

    public LineRole ActionRole(string action) => action == "katyo/publish-crates" ? LineRole.Publish : LineRole.Other;

    public LineRole RoleOf(string line) =>
        Publish().IsMatch(line) ? LineRole.Publish
        : line.StartsWith("cargo login", StringComparison.Ordinal) ? LineRole.Credential
        : line.StartsWith("cargo package", StringComparison.Ordinal) ? LineRole.Build
        : LineRole.Other;

    public string? Unsupported(PublishSite site) =>
        "cargo can only publish from source, so an upload-only job would still need the checkout and toolchain; " +
        "keep the job, and replace CARGO_REGISTRY_TOKEN with rust-lang/crates-io-auth-action (crates.io trusted publishing) in an environment";

    public Artifact Artifact(PublishSite site) => new("crate", "target/package/", "crate");

    public string BuildOnly(PublishSite site, string publishLine) => "cargo package";

    public bool IsPublishEnv(string name) => name == "CARGO_REGISTRY_TOKEN";

    public IReadOnlyList<YValue> UploadSteps(PublishSite site, PublishJobContext context) => [];

    public string DescribeUpload(PublishSite site) => "publishes the crate";

    public IReadOnlyList<ManualStep> ManualSteps(PublishSite site, PublishJobContext context) => [];

    [GeneratedRegex(@"^cargo\s+publish\b")]
    private static partial Regex Publish();
}
