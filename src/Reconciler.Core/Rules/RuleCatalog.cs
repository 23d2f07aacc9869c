namespace Reconciler.Core.Rules;

/// <summary>Every rule, in the order they run. Structural rewrites come first, line-level fixes after.</summary>
public static class RuleCatalog
{
    public static IReadOnlyList<IRule> All { get; } =
    [
        // publish-topology runs first (added by the publishing work)
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
        new RootPermissionsRule(),
    ];

    public static IRule? Find(string id) => All.FirstOrDefault(r => r.Id == id);
}
