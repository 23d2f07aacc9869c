namespace Reconciler.Core.Rules;

/// <summary>Every rule, in the order they run. Structural rewrites come first, line-level fixes after.</summary>
public static class RuleCatalog
{
    public static IReadOnlyList<IRule> All { get; } =
    [
        new PublishTopologyRule(),
        new RootPermissionsRule(),
        new GeneratorIgnoreRule(),

        // Repository settings, after every file rule: they read the workflows as the plan leaves them.
        new EnvironmentProtectionRule(),
        new BranchProtectionRule(),
        new ActionsSettingsRule(),
    ];

    public static IRule? Find(string id) => All.FirstOrDefault(r => r.Id == id);
}
