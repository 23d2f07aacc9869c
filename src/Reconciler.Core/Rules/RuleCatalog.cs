namespace Reconciler.Core.Rules;

/// <summary>Every rule, in the order they run. Structural rewrites come first, line-level fixes after.</summary>
public static class RuleCatalog
{
    public static IReadOnlyList<IRule> All { get; } =
    [
        // The structural rewrite first: later rules fix lines in the jobs it produced.
        new PublishTopologyRule(),
        // Version bumps before pinning, so a bumped tag is pinned in the same plan.
        new ActionMinimumVersionRule(),
        new PinnedActionsRule(),
        // Quote lossy versions before hoisting them, so the hoisted value is the one that was meant.
        new YamlPitfallsRule(),
        new SharedToolVersionsRule(),
        new JobPermissionsRule(),
        new ConcurrencyRule(),
        new UntrustedCheckoutRule(),
        new TemplateInjectionRule(),
        new SecretsInheritRule(),
        new PersistCredentialsRule(),
        new CacheInPublishRule(),
        new InsecureCommandsRule(),
        new OverprovisionedSecretsRule(),
        new BotConditionsRule(),
        new GitHubEnvRule(),
        new RootPermissionsRule(),
        // Pins only stay safe if something bumps them: after the rules that pinned them, and before generator-ignore,
        // so a dependabot.yml it writes is listed in the generator's ignore file like a rewritten workflow.
        new ActionUpdatesRule(),
        new GeneratorIgnoreRule(),

        // Repository settings, after every file rule: they read the workflows as the plan leaves them.
        new EnvironmentProtectionRule(),
        new BranchProtectionRule(),
        new ActionsSettingsRule(),
    ];

    public static IRule? Find(string id) => All.FirstOrDefault(r => r.Id == id);
}
