using System.Text.RegularExpressions;

namespace Reconciler.Worker.Telemetry;

/// <summary>
/// Scrubs credentials out of text that leaves the process (logs, the run table, span events).
/// Exception messages from HTTP and database clients can quote a header or a connection string.
/// </summary>
public static partial class Redact
{
    public const string Mask = "***";

    public static string? Secrets(string? text) => text is null ? null : SecretPattern().Replace(text, m =>
        m.Groups["keep"].Success ? m.Groups["keep"].Value + Mask : Mask);

    // GitHub token prefixes (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), bearer/token auth headers, JWTs,
    // and password/secret key-value pairs as connection strings and URLs spell them.
    [GeneratedRegex(
        @"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"
        + @"|(?<keep>\b(?:Bearer|token)\s+)[A-Za-z0-9._~+/=-]{8,}"
        + @"|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"
        + @"|(?<keep>\b(?:Password|Pwd|secret|client_secret|private_key)\s*[=:]\s*)[^;\s&""']+"
        + @"|(?<keep>://[^:/@\s]+:)[^@/\s]+(?=@)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();
}
