using System.Text.RegularExpressions;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing.Npm;

/// <summary>
/// npm: <c>npm publish</c>, <c>yarn publish</c>, <c>yarn npm publish</c> and <c>pnpm publish</c>.
/// The build packs a tarball with the tool that packed before (each packs slightly differently:
/// pnpm and Yarn rewrite <c>workspace:</c> ranges); the publish job uploads that tarball with an
/// npm that does trusted publishing, with lifecycle scripts off.
/// </summary>
public sealed partial class NpmPublishing : IRegistryFamily
{
    public const string ArtifactDirectory = "npm-package/";

    /// <summary>Node 24 ships npm 11.5 or later, the first npm that publishes with an OIDC token.</summary>
    public const string NodeVersion = "24";

    public string RegistryId => "npm";

    public string DisplayName => "npm";

    public bool TrustedPublishing => true;

    public string BuildStepName => "Pack the package";

    public LineRole ActionRole(string action) => action is "changesets/action" or "JS-DevTools/npm-publish" ? LineRole.Publish : LineRole.Other;

    public LineRole RoleOf(string line) =>
        Publish().IsMatch(line) || line.Contains("semantic-release", StringComparison.Ordinal) ? LineRole.Publish
        : Credential().IsMatch(line) ? LineRole.Credential
        : Pack().IsMatch(line) ? LineRole.Build
        : LineRole.Other;

    public string? Unsupported(PublishSite site)
    {
        if (site.PublishStep.Uses is { } uses)
        {
            return $"the upload happens inside `{uses.Split('@')[0]}`, which versions or publishes on its own terms; split it by hand";
        }

        if (site.PublishLines.FirstOrDefault(l => !Publish().IsMatch(l)) is { } tool)
        {
            return $"the upload happens inside another tool (`{tool}`), which Reconcile can't turn into a pack step";
        }

        if (site.PublishLines.FirstOrDefault(l => ShellScript.Words(l).Any(w => w is "-w" or "-ws" or "-r" or "--recursive" || w.StartsWith("--workspace", StringComparison.Ordinal) || w.StartsWith("--filter", StringComparison.Ordinal))) is { } workspaces)
        {
            return $"`{workspaces}` publishes workspace packages, which would need one tarball each";
        }

        if (site.PublishLines.FirstOrDefault(l => Folder(l) is { } f && f != ".") is { } folderLine)
        {
            return $"`{folderLine}` publishes a folder other than the package root";
        }

        var registry = site.Job.Steps.Select(s => s.With?.Text("registry-url")).FirstOrDefault(u => u is not null)
            ?? site.PublishLines.Select(l => ShellScript.Flag(l, "--registry")).FirstOrDefault(u => u is not null);
        return registry is not null && !registry.Contains("registry.npmjs.org", StringComparison.Ordinal)
            ? $"the job publishes to `{registry}`, which has no trusted publishing"
            : null;
    }

    public Artifact Artifact(PublishSite site) => new("npm-package", ArtifactDirectory, "package tarball");

    public string BuildOnly(PublishSite site, string publishLine)
    {
        var words = ShellScript.Words(publishLine);
        var dir = ArtifactDirectory.TrimEnd('/');
        return words[0] switch
        {
            "pnpm" => $"pnpm pack --pack-destination {dir}",
            "yarn" when Manifests.IsYarnBerry(site.Repository) => $"yarn pack --out {dir}/%s-%v.tgz",
            "yarn" => $"mkdir -p {dir}\nyarn pack --filename {dir}/package.tgz",
            _ => $"npm pack --pack-destination {dir}",
        };
    }

    public bool IsPublishEnv(string name) => name is "NPM_TOKEN" or "NODE_AUTH_TOKEN" or "NPM_CONFIG_PROVENANCE" or "NPM_AUTH_TOKEN" or "YARN_NPM_AUTH_TOKEN";

    public IReadOnlyList<YValue> UploadSteps(PublishSite site, PublishJobContext context)
    {
        var setup = new YMapValue(
        [
            new("name", YValue.Str("Set up Node"), null),
            new("uses", context.Pins.Uses("actions/setup-node", "v6"), null),
            new("with", new YMapValue(
            [
                new("node-version", YValue.Quoted(NodeVersion), "ships npm >= 11.5, which publishes through trusted publishing"),
                new("registry-url", YValue.Str("https://registry.npmjs.org"), null),
                new("package-manager-cache", YValue.Bool(false), null),
            ]), null),
        ]);
        var publish = new YMapValue(
        [
            new("name", YValue.Str(site.PublishStep.Name ?? "Publish to npm"), null),
            new("run", YValue.Str(UploadScript.Of(site, Upload)), null),
        ]);
        return [setup, publish];
    }

    public string DescribeUpload(PublishSite site) =>
        $"publishes the tarball with `npm publish --provenance --ignore-scripts` from Node {NodeVersion} (npm 11.5 or later authenticates with the job's OIDC token), so no package script runs while publishing";

    public IReadOnlyList<ManualStep> ManualSteps(PublishSite site, PublishJobContext context)
    {
        var directory = PublishJobAnalyzer.WorkingDirectory(site.Job, site.PublishStep);
        var package = Manifests.NpmPackageName(site.Repository, directory) ?? "<package>";
        var steps = new List<ManualStep>
        {
            new($"npm:{package}",
                $"On npmjs.com, open the package `{package}` → Settings → Trusted publishing and add GitHub Actions: organization or user `{context.Owner}`, " +
                $"repository `{context.Repository}`, workflow filename `{context.WorkflowFile}`, environment `{context.Environment}` (all exact; the environment is case-sensitive). " +
                "Then set Publishing access to require two-factor authentication and disallow tokens."),
        };
        var declared = Manifests.NpmRepositoryUrl(site.Repository, directory);
        var expected = $"{context.Owner}/{context.Repository}";
        if (declared is null || !declared.TrimEnd('/').Replace(".git", "", StringComparison.Ordinal).EndsWith(expected, StringComparison.OrdinalIgnoreCase))
        {
            steps.Add(new ManualStep(
                "npm:repository-field",
                (declared is null && directory is not null
                    ? $"Make sure `repository` in {directory.Trim('/')}/package.json is `https://github.com/{expected}` (Reconcile doesn't read package files below the root): "
                    : $"Set `repository` in package.json to `https://github.com/{expected}`{(declared is null ? "" : $" (it says `{declared}`)")}: ") +
                "npm refuses provenance for a package whose repository field names another repository."));
        }

        steps.AddRange(Common.SecretSteps(site));
        return steps;
    }

    /// <summary><c>npm publish [flags]</c> → <c>npm publish ./npm-package/*.tgz --provenance [--access x] [--tag t] --ignore-scripts</c>.</summary>
    private static string Upload(string publishLine)
    {
        var parts = new List<string> { "npm publish", $"./{ArtifactDirectory}*.tgz", "--provenance" };
        foreach (var flag in new[] { "--access", "--tag" })
        {
            if (ShellScript.Flag(publishLine, flag) is { } value)
            {
                parts.Add($"{flag} {value}");
            }
        }

        parts.Add("--ignore-scripts");
        return string.Join(' ', parts);
    }

    /// <summary>The folder argument of a publish command, if it names one.</summary>
    private static string? Folder(string line)
    {
        var words = ShellScript.Words(line);
        var publish = Array.IndexOf(words, "publish");
        for (var i = publish + 1; i < words.Length; i++)
        {
            if (words[i].StartsWith('-'))
            {
                if (!words[i].Contains('=', StringComparison.Ordinal) && words[i] is "--access" or "--tag" or "--registry" or "--otp" or "--new-version" or "-w" or "--workspace" or "--filter")
                {
                    i++;
                }

                continue;
            }

            return words[i];
        }

        return null;
    }

    [GeneratedRegex(@"^(npm|pnpm)\s+publish\b|^yarn\s+(npm\s+)?publish\b|^npx\s+(-y\s+|--yes\s+)?npm@\S+\s+publish\b")]
    private static partial Regex Publish();

    [GeneratedRegex(@"_authToken|npmAuthToken|\.npmrc")]
    private static partial Regex Credential();

    [GeneratedRegex(@"^(npm|pnpm|yarn)\s+pack\b")]
    private static partial Regex Pack();
}
