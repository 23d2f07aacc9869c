namespace Reconciler.Tests.Support;

/// <summary>
/// A Dependabot config that already updates GitHub Actions: tests about other rules add it to their snapshot so
/// that action-updates has nothing to add and the plan holds only what they are about.
/// </summary>
internal static class UpdatesConfig
{
    public const string Path = ".github/dependabot.yml";

    public const string Text = "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: weekly\n";

    /// <summary><paramref name="files"/> with <see cref="Path"/> added.</summary>
    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string> files) =>
        new(files, StringComparer.Ordinal) { [Path] = Text };
}
