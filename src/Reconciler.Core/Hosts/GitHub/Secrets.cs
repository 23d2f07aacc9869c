using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// Keeps credentials out of every message we print: tokens and JWTs we hold are registered here, and
/// anything shaped like a GitHub token (ghp_, ghs_, github_pat_, …) or a bearer credential is masked too.
/// </summary>
public static partial class Secrets
{
    private static readonly ConcurrentDictionary<string, byte> Known = new(StringComparer.Ordinal);

    /// <summary>Remembers a secret so <see cref="Redact"/> masks it wherever it appears.</summary>
    public static void Register(string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 8)
        {
            Known.TryAdd(secret, 0);
        }
    }

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        foreach (var secret in Known.Keys)
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        text = TokenShape().Replace(text, "***");
        return AuthorizationValue().Replace(text, "$1 ***");
    }

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9_]{6,}|github_pat_[A-Za-z0-9_]{10,}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)", RegexOptions.NonBacktracking)]
    private static partial Regex TokenShape();

    [GeneratedRegex(@"\b(token|bearer|Token|Bearer)\s+[A-Za-z0-9_.\-]{8,}", RegexOptions.NonBacktracking)]
    private static partial Regex AuthorizationValue();
}
