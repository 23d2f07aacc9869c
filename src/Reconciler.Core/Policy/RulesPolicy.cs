using System.Text.Json.Serialization;

namespace Reconciler.Core.Policy;

[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    [JsonStringEnumMemberName("error")]
    Error,

    [JsonStringEnumMemberName("warning")]
    Warning,

    [JsonStringEnumMemberName("note")]
    Note,
}

/// <summary>Settings every rule has: whether it runs and how loud its findings are.</summary>
public class RuleSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>Overrides the rule's default severity.</summary>
    public Severity? Severity { get; set; }

    /// <summary>When false the rule reports but proposes no change.</summary>
    public bool Fix { get; set; } = true;
}

public enum CancelPolicy
{
    /// <summary>Cancel superseded runs except on the default branch (a cancelled publish would orphan a tag).</summary>
    ExceptDefaultBranch,
    Never,
}

public sealed class ConcurrencySettings : RuleSettings
{
    public CancelPolicy CancelInProgress { get; set; } = CancelPolicy.ExceptDefaultBranch;
}

public sealed class SharedToolVersionsSettings : RuleSettings
{
    /// <summary>How many jobs must repeat a version before it is hoisted into workflow env.</summary>
    public int MinimumRepeats { get; set; } = 2;
}

/// <summary>How often Dependabot looks for new versions of the pinned actions.</summary>
public enum UpdateInterval
{
    Daily,
    Weekly,
    Monthly,
}

public sealed class ActionUpdatesSettings : RuleSettings
{
    /// <summary>The <c>schedule.interval</c> of the github-actions entry Reconcile writes.</summary>
    public UpdateInterval Interval { get; set; } = UpdateInterval.Weekly;

    /// <summary>Whether the entry groups every action bump into one pull request (<c>groups: {github-actions: {patterns: ["*"]}}</c>).</summary>
    public bool Group { get; set; } = true;
}

/// <summary>Per-rule settings, keyed by the rules' stable ids.</summary>
public sealed class RulesPolicy
{
    [PolicyKey("root-permissions")]
    public RuleSettings RootPermissions { get; set; } = new();

    [PolicyKey("job-permissions")]
    public RuleSettings JobPermissions { get; set; } = new();

    [PolicyKey("pinned-actions")]
    public RuleSettings PinnedActions { get; set; } = new();

    [PolicyKey("action-minimum-version")]
    public RuleSettings ActionMinimumVersion { get; set; } = new();

    [PolicyKey("concurrency")]
    public ConcurrencySettings Concurrency { get; set; } = new();

    [PolicyKey("shared-tool-versions")]
    public SharedToolVersionsSettings SharedToolVersions { get; set; } = new();

    [PolicyKey("yaml-pitfalls")]
    public RuleSettings YamlPitfalls { get; set; } = new();

    [PolicyKey("untrusted-checkout")]
    public RuleSettings UntrustedCheckout { get; set; } = new();

    [PolicyKey("template-injection")]
    public RuleSettings TemplateInjection { get; set; } = new();

    [PolicyKey("secrets-inherit")]
    public RuleSettings SecretsInherit { get; set; } = new();

    [PolicyKey("persist-credentials")]
    public RuleSettings PersistCredentials { get; set; } = new();

    [PolicyKey("cache-in-publish")]
    public RuleSettings CacheInPublish { get; set; } = new();

    [PolicyKey("insecure-commands")]
    public RuleSettings InsecureCommands { get; set; } = new();

    [PolicyKey("overprovisioned-secrets")]
    public RuleSettings OverprovisionedSecrets { get; set; } = new();

    [PolicyKey("bot-conditions")]
    public RuleSettings BotConditions { get; set; } = new();

    [PolicyKey("github-env")]
    public RuleSettings GitHubEnv { get; set; } = new();

    [PolicyKey("publish-topology")]
    public RuleSettings PublishTopology { get; set; } = new();

    [PolicyKey("generator-ignore")]
    public RuleSettings GeneratorIgnore { get; set; } = new();

    [PolicyKey("action-updates")]
    public ActionUpdatesSettings ActionUpdates { get; set; } = new();

    [PolicyKey("environment-protection")]
    public RuleSettings EnvironmentProtection { get; set; } = new();

    [PolicyKey("branch-protection")]
    public RuleSettings BranchProtection { get; set; } = new();

    [PolicyKey("actions-settings")]
    public RuleSettings ActionsSettings { get; set; } = new();

    /// <summary>The settings of a rule by id, or null for an id the policy doesn't know.</summary>
    public RuleSettings? For(string ruleId) =>
        Properties.TryGetValue(ruleId, out var property) ? property.GetValue(this) as RuleSettings : null;

    // Looked up for every rule of every workflow: reflect once.
    private static readonly Dictionary<string, System.Reflection.PropertyInfo> Properties =
        typeof(RulesPolicy).GetProperties().GroupBy(PolicyBinder.KeyOf).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
}
