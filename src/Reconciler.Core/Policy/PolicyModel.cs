using System.Text.RegularExpressions;

namespace Reconciler.Core.Policy;

/// <summary>The policy file's model, as bound from YAML (see docs/policy.md for every key).</summary>
public sealed class PolicySpec : IPolicyValidated
{
    public const string CurrentApiVersion = "reconcile.dev/v1";

    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "Policy";

    public PolicyMetadata Metadata { get; set; } = new();

    public RepositorySelector Selector { get; set; } = new();

    /// <summary>Registries whose publishing jobs are in scope, keyed by registry id (pypi, npm, maven-central, nuget, rubygems, crates).</summary>
    public Dictionary<string, RegistryPolicy> Registries { get; set; } = new(StringComparer.Ordinal);

    public ActionsPolicy Actions { get; set; } = new();

    public RulesPolicy Rules { get; set; } = new();

    public GeneratorsPolicy Generators { get; set; } = new();

    public SettingsPolicy Settings { get; set; } = new();

    public PullRequestPolicy PullRequest { get; set; } = new();


    public List<RuleExemption> Exemptions { get; set; } = [];

    public void Validate(PolicyValidation validation)
    {
        if (ApiVersion.Length == 0)
        {
            validation.Error("apiVersion", $"apiVersion is required (use '{CurrentApiVersion}')");
        }
        else if (ApiVersion != CurrentApiVersion)
        {
            validation.Error("apiVersion", $"unsupported apiVersion '{ApiVersion}' (this build reads '{CurrentApiVersion}')");
        }

        if (Kind != "Policy")
        {
            validation.Error("kind", $"kind must be 'Policy', found '{Kind}'");
        }

        foreach (var id in Registries.Keys.Where(k => !KnownRegistries.Contains(k)))
        {
            validation.ErrorAtChildKey("registries", id, $"unknown registry '{id}' (known: {string.Join(", ", KnownRegistries)})");
        }
    }

    public static readonly string[] KnownRegistries = ["pypi", "npm", "maven-central", "nuget", "rubygems", "crates"];
}

public sealed class PolicyMetadata : IPolicyValidated
{
    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public void Validate(PolicyValidation validation)
    {
        if (!Regex.IsMatch(Name, "^[a-z0-9][a-z0-9-]{0,62}$"))
        {
            validation.Error("name", "required: lowercase letters, digits and dashes, at most 63 (it names the pull-request branch)");
        }
    }
}

/// <summary>Which repositories the policy governs.</summary>
public sealed class RepositorySelector
{
    /// <summary>Organizations swept when the CLI is given none.</summary>
    public List<string> Orgs { get; set; } = [];

    /// <summary>Repository-name globs (<c>*</c>, <c>?</c>); empty means every repository.</summary>
    public List<string> Include { get; set; } = ["*"];

    public List<string> Exclude { get; set; } = [];

    /// <summary>When set, only repositories with at least one of these topics.</summary>
    public List<string> Topics { get; set; } = [];

    public bool SkipArchived { get; set; } = true;

    public bool SkipForks { get; set; } = true;

    public bool SkipEmpty { get; set; } = true;

    public bool SkipDisabled { get; set; } = true;
}

public sealed class RegistryPolicy : IPolicyValidated
{
    /// <summary>Deployment environment the publish job runs under; the registry's trusted publisher is bound to it.</summary>
    public string Environment { get; set; } = "";

    /// <summary>How long (days) the build artifact is kept between build-artifact and publish.</summary>
    public int ArtifactRetentionDays { get; set; } = 1;

    public void Validate(PolicyValidation validation)
    {
        if (Environment.Length == 0 || Environment.Length > 255 || Environment.Contains('\'', StringComparison.Ordinal))
        {
            validation.Error("environment", "environment must be a non-empty name of at most 255 characters");
        }

        if (ArtifactRetentionDays is < 1 or > 90)
        {
            validation.Error("artifactRetentionDays", "artifactRetentionDays must be between 1 and 90");
        }
    }
}

public sealed class ActionsPolicy : IPolicyValidated
{
    /// <summary>Levels a declared permission may have (GitHub's own spelling in <c>permissions:</c>).</summary>
    public static readonly string[] PermissionLevels = ["read", "write", "none"];

    /// <summary>Approved actions: owner/repo → the version and the commit it is pinned to.</summary>
    public Dictionary<string, ApprovedAction> Catalogue { get; set; } = new(StringComparer.Ordinal);

    /// <summary>owner/repo (or owner/repo/path/workflow.yml for reusable workflows) → lowest acceptable version, e.g. v8.</summary>
    public Dictionary<string, string> MinimumVersions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Owners whose actions may stay on tags (an org's own shared actions).</summary>
    public List<string> ExemptOwners { get; set; } = [];

    /// <summary>
    /// What actions and reusable workflows the built-in knowledge doesn't know need from the GITHUB_TOKEN:
    /// owner/repo, owner/repo/path or a glob (<c>my-org/*</c>) → scope → read, write or none.
    /// Used by job-permissions before its built-in knowledge.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> Permissions { get; set; } = new(StringComparer.Ordinal);

    public void Validate(PolicyValidation validation)
    {
        foreach (var (name, version) in MinimumVersions)
        {
            if (!ActionVersion.TryParse(version, out _))
            {
                validation.Error("minimumVersions", $"minimum version '{version}' of {name} is not a version like v8 or 1.0.3");
            }
        }

        foreach (var name in Catalogue.Keys.Where(n => n.Count(c => c == '/') < 1))
        {
            validation.Error("catalogue", $"catalogue entry '{name}' is not owner/repo");
        }

        ValidatePermissions(validation);
    }

    private void ValidatePermissions(PolicyValidation validation)
    {
        foreach (var (name, grants) in Permissions)
        {
            if (!IsActionName(name))
            {
                validation.ErrorAtKey(["permissions", name], $"'{name}' is not owner/repo or owner/repo/path without @ref (a glob like my-org/* may stand for either)");
            }

            foreach (var (scope, level) in grants)
            {
                if (!Rules.PermissionSet.Scopes.Contains(scope))
                {
                    validation.ErrorAtKey(["permissions", name, scope], $"unknown permission '{scope}' (known: {string.Join(", ", Rules.PermissionSet.Scopes)})");
                }
                else if (!PermissionLevels.Contains(level))
                {
                    validation.ErrorAtValue(["permissions", name, scope], $"expected read, write or none, found '{level}'");
                }
                else if (scope == "id-token" && level == "read")
                {
                    validation.ErrorAtValue(["permissions", name, scope], "id-token is write or none (GitHub has no read level for it)");
                }
            }
        }
    }

    /// <summary>owner/repo[/path], no ref, no spaces; globs allowed.</summary>
    private static bool IsActionName(string name)
    {
        var parts = name.Split('/');
        return parts.Length >= 2 && parts.All(p => p.Length > 0) && !name.Contains('@', StringComparison.Ordinal) && !name.Any(char.IsWhiteSpace);
    }
}

/// <summary>One approved action: the version tag and the commit that tag points to.</summary>
public sealed class ApprovedAction : IPolicyValidated
{
    public string Version { get; set; } = "";

    public string Sha { get; set; } = "";

    /// <summary>Other version tags of this action and the commits they name (older majors, other releases), for plans without a host.</summary>
    public Dictionary<string, string> Known { get; set; } = new(StringComparer.Ordinal);

    public void Validate(PolicyValidation validation)
    {
        if (!ActionVersion.TryParse(Version, out _))
        {
            validation.Error("version", $"'{Version}' is not a version like v6.0.2");
        }

        if (!IsSha(Sha))
        {
            validation.Error("sha", $"'{Sha}' is not a full 40-character commit SHA");
        }

        foreach (var (version, sha) in Known)
        {
            if (!IsSha(sha))
            {
                validation.Error("known", $"'{sha}' (for {version}) is not a full 40-character commit SHA");
            }
        }
    }

    public static bool IsSha(string s) => s.Length == 40 && s.All(Uri.IsHexDigit) && s == s.ToLowerInvariant();
}

public sealed class GeneratorsPolicy
{
    /// <summary>Ignore files of SDK generators; an existing one gets the rewritten workflow listed so regeneration keeps it.</summary>
    public List<string> IgnoreFiles { get; set; } = [".fernignore"];
}

public sealed class PullRequestPolicy
{
    /// <summary>Branch the pull request comes from; defaults to reconcile/&lt;policy name&gt;.</summary>
    public string? Branch { get; set; }

    public string Title { get; set; } = "Harden the release pipeline";

    public List<string> Labels { get; set; } = [];
}

public sealed class OverrideMatch
{
    public List<string> Names { get; set; } = [];

    public List<string> Topics { get; set; } = [];
}

/// <summary>One repository exempted from one rule, with the reason a reviewer will read.</summary>
public sealed class RuleExemption : IPolicyValidated
{
    public string Repository { get; set; } = "";

    public string Rule { get; set; } = "";

    public string Reason { get; set; } = "";

    public void Validate(PolicyValidation validation)
    {
        if (Repository.Length == 0)
        {
            validation.Error("repository", "an exemption names a repository (owner/name or name)");
        }

        if (Reason.Trim().Length == 0)
        {
            validation.Error("reason", "an exemption needs a written reason");
        }

        if (Rule.Length == 0)
        {
            validation.Error("rule", "an exemption names the rule it exempts from");
        }
    }
}
