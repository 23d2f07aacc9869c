using System.Text.RegularExpressions;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing.RubyGems;

/// <summary>
/// RubyGems: <c>gem push</c>. The publish job gets short-lived credentials from RubyGems.org
/// trusted publishing (rubygems/configure-rubygems-credentials) and pushes with the Ruby already on the runner.
/// </summary>
public sealed partial class RubyGemsPublishing : IRegistryFamily
{
    public const string CredentialsAction = "rubygems/configure-rubygems-credentials";

    public string RegistryId => "rubygems";

    public string DisplayName => "RubyGems";

    public bool TrustedPublishing => true;

    public string BuildStepName => "Build the gem";

    public LineRole ActionRole(string action) => action switch
    {
        CredentialsAction => LineRole.Credential,
        "rubygems/release-gem" or "cadwallion/publish-rubygems-action" => LineRole.Publish,
        _ => LineRole.Other,
    };

    public LineRole RoleOf(string line) =>
        Push().IsMatch(line) ? LineRole.Publish
        : line.Contains(".gem/credentials", StringComparison.Ordinal) || GemDirectory().IsMatch(line) ? LineRole.Credential
        : Build().IsMatch(line) ? LineRole.Build
        : LineRole.Other;

    public string? Unsupported(PublishSite site) =>
        site.PublishStep.Uses is { } uses ? $"`{uses.Split('@')[0]}` builds, tags and pushes in one step; split it by hand"
        : site.HasControlFlow ? "the gem push sits inside shell conditions"
        : site.PublishLines.Any(l => l.Contains("rake", StringComparison.Ordinal)) ? "`rake release` also tags and pushes to git; split it by hand"
        : null;

    public Artifact Artifact(PublishSite site)
    {
        // A job that built the gem itself pushes it from where it built it (usually the repository root).
        var pushed = site.PublishLines.Select(l => ShellScript.Words(l).Skip(2).FirstOrDefault(w => w.EndsWith(".gem", StringComparison.Ordinal))).FirstOrDefault(p => p is not null);
        return site.BuiltBefore && pushed is not null
            ? new Artifact("gem", pushed, "gem") { DownloadPath = "pkg/" }
            : new Artifact("gem", "pkg/", "gem");
    }

    public string BuildOnly(PublishSite site, string publishLine) => "gem build *.gemspec\nmkdir -p pkg\nmv *.gem pkg/";

    public bool IsPublishEnv(string name) => name is "GEM_HOST_API_KEY" or "RUBYGEMS_API_KEY" or "RUBY_GEMS_API_KEY";

    public IReadOnlyList<YValue> UploadSteps(PublishSite site, PublishJobContext context) =>
    [
        new YMapValue(
        [
            new("name", YValue.Str("Configure RubyGems credentials"), null),
            new("uses", context.Pins.Uses(CredentialsAction, "v2"), null),
        ]),
        new YMapValue(
        [
            new("name", YValue.Str(site.PublishStep.Name ?? "Push to RubyGems"), null),
            new("run", YValue.Str("gem push pkg/*.gem"), null),
        ]),
    ];

    public string DescribeUpload(PublishSite site) =>
        "gets short-lived RubyGems.org credentials through trusted publishing, then runs `gem push` with the Ruby already on the runner";

    public IReadOnlyList<ManualStep> ManualSteps(PublishSite site, PublishJobContext context)
    {
        var steps = new List<ManualStep>
        {
            new($"rubygems:{Manifests.GemName(site.Repository) ?? "<gem>"}",
                $"On rubygems.org, open the gem `{Manifests.GemName(site.Repository) ?? "<gem>"}` → Trusted publishers → Create and choose GitHub Actions: owner `{context.Owner}`, repository `{context.Repository}`, " +
                $"workflow `{context.WorkflowFile}`, environment `{context.Environment}`."),
        };
        steps.AddRange(Common.SecretSteps(site));
        return steps;
    }

    [GeneratedRegex(@"^gem\s+push\b|^(bundle\s+exec\s+)?rake\s+release\b")]
    private static partial Regex Push();

    [GeneratedRegex(@"^gem\s+build\b|^(bundle\s+exec\s+)?rake\s+build\b")]
    private static partial Regex Build();

    [GeneratedRegex(@"^mkdir\s+(-p\s+)?(~|\$HOME|\$\{HOME\})/\.gem/?$")]
    private static partial Regex GemDirectory();
}
