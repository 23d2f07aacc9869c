using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Hosts.GitHub.Settings;

/// <summary>
/// Which settings a repository's plan can look at, so a sweep reads (and spends rate limit on) only those: a part
/// whose rule is off, exempt, or has nothing to judge is not read at all.
/// </summary>
public sealed record SettingsNeeds(IReadOnlySet<string> Environments, BranchProtectionSettings? BranchProtection, ActionsSettingsPolicy? Actions)
{
    public static readonly SettingsNeeds None = new(new HashSet<string>(), null, null);

    public bool Any => Environments.Count > 0 || BranchProtection is not null || Actions is not null;

    public static SettingsNeeds Of(Policy.Policy policy, string fullName, IReadOnlyCollection<string> topics, IReadOnlyDictionary<string, string> files)
    {
        PolicySpec spec;
        try
        {
            spec = policy.For(fullName, topics);
        }
        catch (PolicyException)
        {
            return None; // the planner reports the broken override as the repository's error
        }

        bool On(string rule) => spec.Rules.For(rule)?.Enabled != false && policy.Exemption(fullName, rule) is null;
        return new SettingsNeeds(
            On("environment-protection") ? EnvironmentsToRead(files, spec) : new HashSet<string>(),
            On("branch-protection") && spec.Settings.BranchProtection.Enabled ? spec.Settings.BranchProtection : null,
            On("actions-settings") && spec.Settings.Actions.Enabled ? spec.Settings.Actions : null);
    }

    /// <summary>
    /// The environments the rule may judge once the workflows are rewritten: those a job names, and the policy's
    /// registry environments, which the publish-topology rewrite puts a new publishing job under. None when the
    /// repository has no workflow, so repositories without workflows cost nothing here.
    /// </summary>
    public static IReadOnlySet<string> EnvironmentsToRead(IReadOnlyDictionary<string, string> files, PolicySpec spec)
    {
        if (!files.Keys.Any(FilesOfInterest.IsWorkflow))
        {
            return new HashSet<string>();
        }

        var names = new SortedSet<string>(NamedEnvironments(files), StringComparer.Ordinal);
        names.UnionWith(spec.Registries.Values.Select(r => r.Environment));
        return names;
    }

    /// <summary>
    /// Every environment a job names literally (the publishing environments the rule judges are among these, or
    /// are registry environments a rewrite adds).
    /// </summary>
    public static IReadOnlySet<string> NamedEnvironments(IReadOnlyDictionary<string, string> files)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, text) in files.Where(f => FilesOfInterest.IsWorkflow(f.Key)))
        {
            try
            {
                foreach (var job in Workflow.Parse(path, text).Jobs)
                {
                    if (job.EnvironmentName is { } name && !name.Contains("${{", StringComparison.Ordinal))
                    {
                        names.Add(name);
                    }
                }
            }
            catch (Exception ex) when (ex is YamlSyntaxException or NotAWorkflowException or InvalidOperationException)
            {
                // Reported by the planner (YamlDotNet throws InvalidOperationException on some garbled input).
            }
        }

        return names;
    }
}
