using Reconciler.Core.Publishing.Crates;
using Reconciler.Core.Publishing.MavenCentral;
using Reconciler.Core.Publishing.Npm;
using Reconciler.Core.Publishing.NuGet;
using Reconciler.Core.Publishing.Pypi;
using Reconciler.Core.Publishing.RubyGems;

namespace Reconciler.Core.Publishing;

/// <summary>Every registry family the publish-topology rule knows.</summary>
public static class RegistryFamilies
{
    public static IReadOnlyList<IRegistryFamily> All { get; } =
    [
        new PypiPublishing(),
        new NpmPublishing(),
        new MavenCentralPublishing(),
        new NuGetPublishing(),
        new RubyGemsPublishing(),
        new CratesPublishing(),
    ];
}
