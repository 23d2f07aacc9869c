namespace Reconciler.Core;

/// <summary>Anchor type for locating the Core assembly (embedded resources, reflection in tests).</summary>
public static class AssemblyMarker;
