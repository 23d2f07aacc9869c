using System.Text.RegularExpressions;

namespace Reconciler.Core.Publishing;

/// <summary>Finds <c>${{ secrets.NAME }}</c> references (including fallbacks like <c>secrets.A || secrets.B</c>).</summary>
public static partial class Secrets
{
    /// <summary>The token GitHub gives every run: never a registry credential, never deleted.</summary>
    public const string GitHubToken = "GITHUB_TOKEN";

    public static IEnumerable<string> In(string text) =>
        Reference().Matches(text).Select(m => m.Groups[1].Value).Where(n => n != GitHubToken).Distinct(StringComparer.Ordinal);

    public static bool Any(string text) => In(text).Any();

    [GeneratedRegex(@"\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Reference();
}
