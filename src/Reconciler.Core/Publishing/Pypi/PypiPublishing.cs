using System.Text.RegularExpressions;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing.Pypi;

/// <summary>
/// PyPI: Poetry, twine, uv, hatch, flit and PDM uploads, and pypa/gh-action-pypi-publish. The
/// publish job uploads with the pypa action, which uses trusted publishing and attests the files.
/// </summary>
public sealed partial class PypiPublishing : IRegistryFamily
{
    public const string PublishAction = "pypa/gh-action-pypi-publish";

    public string RegistryId => "pypi";

    public string DisplayName => "PyPI";

    public bool TrustedPublishing => true;

    public string BuildStepName => "Build the distributions";

    public LineRole ActionRole(string action) => action == PublishAction ? LineRole.Publish : LineRole.Other;

    public LineRole RoleOf(string line) =>
        Publish().IsMatch(line) ? LineRole.Publish
        : Credential().IsMatch(line) ? LineRole.Credential
        : Build().IsMatch(line) ? LineRole.Build
        : LineRole.Other;

    public string? Unsupported(PublishSite site)
    {
        if (site.HasControlFlow)
        {
            return "the PyPI upload sits inside shell conditions, which the pypa action can't express";
        }

        var target = UploadTarget(site);
        return target is not null && !target.Contains("pypi.org", StringComparison.Ordinal)
            ? $"the job uploads to `{target}`, not PyPI; trusted publishing is only for PyPI and TestPyPI"
            : null;
    }

    public Artifact Artifact(PublishSite site)
    {
        var dir = site.PublishStep.With?.Text("packages-dir") ?? site.PublishStep.With?.Text("packages_dir")
            ?? site.PublishLines.Select(TwineDirectory).FirstOrDefault(d => d is not null)
            ?? "dist/";
        return new Artifact("dist", dir.EndsWith('/') ? dir : dir + "/", "distributions");
    }

    public string BuildOnly(PublishSite site, string publishLine)
    {
        var words = ShellScript.Words(publishLine);
        return words[0] switch
        {
            "poetry" => "poetry build",
            "uv" => "uv build",
            "hatch" => "hatch build",
            "flit" => "flit build",
            "pdm" => "pdm build",
            _ => "python -m build",
        };
    }

    public bool IsPublishEnv(string name) =>
        name.StartsWith("TWINE_", StringComparison.Ordinal) || name.StartsWith("UV_PUBLISH_", StringComparison.Ordinal)
        || name.StartsWith("POETRY_PYPI_TOKEN_", StringComparison.Ordinal) || name.StartsWith("POETRY_HTTP_BASIC_", StringComparison.Ordinal)
        || name.StartsWith("POETRY_REPOSITORIES_", StringComparison.Ordinal) || name.StartsWith("HATCH_INDEX_", StringComparison.Ordinal)
        || name.StartsWith("FLIT_", StringComparison.Ordinal) || name.StartsWith("PDM_PUBLISH_", StringComparison.Ordinal)
        || name.StartsWith("PYPI_", StringComparison.Ordinal);

    public IReadOnlyList<YValue> UploadSteps(PublishSite site, PublishJobContext context)
    {
        var step = new List<YMapItem>
        {
            new("name", YValue.Str(site.PublishStep.Name ?? "Publish to PyPI"), null),
            new("uses", context.Pins.Uses(PublishAction, "v1"), null),
        };
        var inputs = new List<YMapItem>();
        var with = site.PublishStep.With;
        if ((with?.Find("repository-url") ?? with?.Find("repository_url")) is { Value: YScalar { IsNull: false } given } named)
        {
            // The job's own choice of index (PyPI or TestPyPI, checked above) stays as written.
            inputs.Add(new(named.KeyText, Scalar(given), null));
        }
        else if (UploadTarget(site) is { } url && url.Contains("test.pypi.org", StringComparison.Ordinal))
        {
            inputs.Add(new("repository-url", YValue.Str("https://test.pypi.org/legacy/"), null));
        }

        if (context.Artifact.DownloadPath != "dist/")
        {
            inputs.Add(new("packages-dir", YValue.Str(context.Artifact.DownloadPath), null));
        }

        // Keep the action's behaviour switches; credentials and the upload target were handled above.
        foreach (var entry in with?.Entries ?? [])
        {
            if (entry.KeyText is "skip-existing" or "skip_existing" or "verbose" or "print-hash" or "print_hash" or "attestations" && entry.Value is YScalar s)
            {
                inputs.Add(new(entry.KeyText, Scalar(s), null));
            }
        }

        // `twine upload --skip-existing` (and Poetry's, uv's --check-url) makes a re-run after a partial upload succeed: keep that.
        if (!inputs.Any(i => i.Key is "skip-existing" or "skip_existing") && site.PublishLines.Any(SkipsExisting))
        {
            inputs.Add(new("skip-existing", YValue.Bool(true), null));
        }

        if (inputs.Count > 0)
        {
            step.Add(new("with", new YMapValue(inputs), null));
        }

        return [new YMapValue(step)];
    }

    public string DescribeUpload(PublishSite site) =>
        "uploads it with pypa/gh-action-pypi-publish, which authenticates through trusted publishing and attaches attestations";

    public IReadOnlyList<ManualStep> ManualSteps(PublishSite site, PublishJobContext context)
    {
        var project = Manifests.PythonProjectName(site.Repository) ?? "<project>";
        var host = UploadTarget(site)?.Contains("test.pypi.org", StringComparison.Ordinal) == true ? "test.pypi.org" : "pypi.org";
        var steps = new List<ManualStep>
        {
            new($"pypi:{project}",
                $"On {host}, open the project `{project}` → Manage → Publishing and add a GitHub trusted publisher: owner `{context.Owner}`, " +
                $"repository `{context.Repository}`, workflow `{context.WorkflowFile}`, environment `{context.Environment}` (all exact; the environment is case-sensitive)."),
        };
        steps.AddRange(Common.SecretSteps(site));
        return steps;
    }

    private static YValue Scalar(YScalar s) => s.Style == YScalarStyle.Plain ? YValue.Raw(s.Value) : YValue.Quoted(s.Value);

    private static bool SkipsExisting(string line) =>
        ShellScript.Words(line).Any(w => w is "--skip-existing" || w.StartsWith("--check-url", StringComparison.Ordinal));

    /// <summary>Where the job uploads to, when it names a repository URL.</summary>
    private static string? UploadTarget(PublishSite site)
    {
        var with = site.PublishStep.With;
        var url = with?.Text("repository-url") ?? with?.Text("repository_url");
        if (url is not null)
        {
            return url;
        }

        foreach (var line in site.Lines.Where(l => l.Role is LineRole.Publish or LineRole.Credential))
        {
            if (Url().Match(line.Text) is { Success: true } m)
            {
                return m.Value;
            }
        }

        foreach (var entry in site.PublishStep.Env?.Entries ?? [])
        {
            if (entry.KeyText is "TWINE_REPOSITORY_URL" or "UV_PUBLISH_URL" && entry.Value is YScalar s)
            {
                return s.Value;
            }
        }

        return null;
    }

    private static string? TwineDirectory(string line)
    {
        var words = ShellScript.Words(line);
        var upload = Array.IndexOf(words, "upload");
        if (words.Length == 0 || !line.Contains("twine", StringComparison.Ordinal) || upload < 0)
        {
            return null;
        }

        var file = words.Skip(upload + 1).FirstOrDefault(w => !w.StartsWith('-') && w.Contains('/', StringComparison.Ordinal));
        return file is null ? null : file[..(file.LastIndexOf('/') + 1)];
    }

    [GeneratedRegex(@"^(poetry(\s+-\S+)*\s+publish|(python3?\s+-m\s+|pipx\s+run\s+|uvx\s+|uv\s+run\s+|poetry\s+run\s+)?twine\s+upload|uv\s+publish|hatch\s+publish|flit\s+publish|pdm\s+publish)\b")]
    private static partial Regex Publish();

    [GeneratedRegex(@"^poetry\s+config\s+(repositories|pypi-token|http-basic)\.")]
    private static partial Regex Credential();

    [GeneratedRegex(@"^(poetry\s+build|python3?\s+-m\s+build|uv\s+build|hatch\s+build|flit\s+build|pdm\s+build|pipx\s+run\s+build|pyproject-build)\b")]
    private static partial Regex Build();

    [GeneratedRegex(@"https?://[^\s""']+")]
    private static partial Regex Url();
}
