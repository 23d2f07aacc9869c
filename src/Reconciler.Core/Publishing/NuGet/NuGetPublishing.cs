using System.Text.RegularExpressions;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing.NuGet;

/// <summary>
/// NuGet: <c>dotnet nuget push</c>. The publish job logs in with NuGet/login (nuget.org trusted
/// publishing: the OIDC token buys a one-hour API key) and pushes with the .NET SDK already on the runner.
/// </summary>
public sealed partial class NuGetPublishing : IRegistryFamily
{
    public const string LoginAction = "NuGet/login";

    public const string Feed = "https://api.nuget.org/v3/index.json";

    public string RegistryId => "nuget";

    public string DisplayName => "NuGet";

    public bool TrustedPublishing => true;

    public string BuildStepName => "Pack";

    public LineRole ActionRole(string action) => action.Equals(LoginAction, StringComparison.OrdinalIgnoreCase) ? LineRole.Credential : LineRole.Other;

    public LineRole RoleOf(string line) =>
        Push().IsMatch(line) ? LineRole.Publish
        : Pack().IsMatch(line) ? LineRole.Build
        : LineRole.Other;

    public string? Unsupported(PublishSite site) =>
        site.HasControlFlow ? "the NuGet push sits inside shell conditions" : null;

    public Artifact Artifact(PublishSite site)
    {
        // When the job packs itself, the artifact is what the push pushed; otherwise the build-only form packs into nuget-packages/.
        var pushed = site.PublishLines.Select(PushedPackages).FirstOrDefault(p => p is not null);
        return site.BuiltBefore || site.Lines.Any(l => l.Role == LineRole.Build)
            ? new Artifact("nuget-packages", pushed ?? "**/*.nupkg", "NuGet packages") { DownloadPath = "nuget-packages/" }
            : new Artifact("nuget-packages", "nuget-packages/", "NuGet packages");
    }

    public string BuildOnly(PublishSite site, string publishLine) => "dotnet pack --configuration Release --output nuget-packages";

    public bool IsPublishEnv(string name) => name.StartsWith("NUGET_", StringComparison.Ordinal);

    public IReadOnlyList<YValue> UploadSteps(PublishSite site, PublishJobContext context) =>
    [
        new YMapValue(
        [
            new("name", YValue.Str("Log in to NuGet"), null),
            new("id", YValue.Str("nuget-login"), null),
            new("uses", context.Pins.Uses(LoginAction, "v1"), null),
            new("with", YValue.Map(("user", YValue.Raw("${{ secrets.NUGET_USER }}"))), null),
        ]),
        new YMapValue(
        [
            new("name", YValue.Str(site.PublishStep.Name ?? "Push to NuGet"), null),
            new("env", YValue.Map(("NUGET_API_KEY", YValue.Raw("${{ steps.nuget-login.outputs.NUGET_API_KEY }}"))), null),
            new("run", YValue.Str($"dotnet nuget push \"nuget-packages/*.nupkg\" --api-key \"$NUGET_API_KEY\" --source {Feed}{KeptFlags(site)}"), null),
        ]),
    ];

    public string DescribeUpload(PublishSite site) =>
        "exchanges the job's OIDC token for a one-hour API key with NuGet/login, then pushes with `dotnet nuget push` from the SDK already on the runner";

    public IReadOnlyList<ManualStep> ManualSteps(PublishSite site, PublishJobContext context)
    {
        var steps = new List<ManualStep>
        {
            new("nuget:trusted-publishing",
                $"On nuget.org, open your account → Trusted Publishing and add a GitHub Actions policy: repository owner `{context.Owner}`, repository `{context.Repository}`, " +
                $"workflow file `{context.WorkflowFile}`, environment `{context.Environment}`. Then add the secret `NUGET_USER` to the environment `{context.Environment}` with the nuget.org profile name (not the email) that owns the packages."),
        };
        steps.AddRange(Common.SecretSteps(site));
        return steps;
    }

    /// <summary>The push's own flags that keep a re-run or the symbols right (<c>--skip-duplicate</c>, <c>--no-symbols</c>, <c>--timeout N</c>).</summary>
    private static string KeptFlags(PublishSite site)
    {
        var line = site.PublishLines.FirstOrDefault() ?? "";
        var words = ShellScript.Words(line);
        var kept = words.Where(w => w is "--skip-duplicate" or "--no-symbols" or "-n").Select(w => w == "-n" ? "--no-symbols" : w).Distinct(StringComparer.Ordinal).ToList();
        if ((ShellScript.Flag(line, "--timeout") ?? ShellScript.Flag(line, "-t")) is { } timeout && int.TryParse(timeout, out _))
        {
            kept.Add($"--timeout {timeout}");
        }

        return string.Concat(kept.Select(f => " " + f));
    }

    private static string? PushedPackages(string line)
    {
        var words = ShellScript.Words(line);
        var push = Array.IndexOf(words, "push");
        return push >= 0 && push + 1 < words.Length && !words[push + 1].StartsWith('-') ? words[push + 1].Trim('"', '\'') : null;
    }

    [GeneratedRegex(@"^(dotnet\s+nuget|nuget)\s+push\b")]
    private static partial Regex Push();

    [GeneratedRegex(@"^dotnet\s+pack\b")]
    private static partial Regex Pack();
}
