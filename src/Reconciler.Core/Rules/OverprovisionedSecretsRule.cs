using System.Text.RegularExpressions;
using Reconciler.Core.Policy;

namespace Reconciler.Core.Rules;

/// <summary>Report: <c>toJSON(secrets)</c> or <c>secrets[…]</c> puts every secret of the repository into one place.</summary>
/// <remarks>Workflows only: composite actions have no <c>secrets</c> context.</remarks>
public sealed partial class OverprovisionedSecretsRule : IWorkflowRule
{
    public string Id => "overprovisioned-secrets";

    public string Title => "Steps get the secrets they name, not all of them";

    public string Help =>
        "`${{ toJSON(secrets) }}` expands to every repository, organisation and environment secret the run can see, and " +
        "`secrets[…]` with a computed name can read any of them. Whatever receives the value (a script, an action, a log " +
        "line a masking miss lets through) holds all of them. Pass each secret the step needs by name: `secrets.NPM_TOKEN`.";

    public Severity DefaultSeverity => Severity.Warning;

    // Context names and functions are case-insensitive in expressions. `secrets['NPM_TOKEN']` names one secret: left alone.
    [GeneratedRegex(@"(?<![\w.])(?:tojson\s*\(\s*secrets\s*\)|secrets\s*\.\s*\*|secrets\s*\[(?!\s*'[^']*'\s*\]))", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: Planning.PlanningLimits.RegexTimeoutMilliseconds)]
    private static partial Regex AllSecrets();

    public void Check(WorkflowContext context)
    {
        foreach (var (where, scalar, isIf) in Expressions.Values(context.Workflow))
        {
            if (!scalar.Value.Contains("secrets", StringComparison.OrdinalIgnoreCase))
            {
                continue; // most values never name the context: skip the text copy and the regex
            }

            var reported = 0;
            foreach (var (offset, text) in Expressions.In(context, scalar, isIf))
            {
                foreach (Match m in AllSecrets().Matches(text))
                {
                    if (++reported > MaxFindingsPerValue)
                    {
                        break; // a hostile line can repeat `secrets[` thousands of times: a few findings say it
                    }

                    var what = m.Value.StartsWith("secrets", StringComparison.OrdinalIgnoreCase) && m.Value.TrimEnd().EndsWith('[')
                        ? $"`{Snippet(text, m.Index)}` reads a secret by a computed name, so any of them can be read"
                        : $"`{m.Value}` puts every secret the run can see into one value";
                    context.ReportAtOffset(offset + m.Index, $"{where}: {what}; pass the secrets it needs by name (`secrets.NAME`)");
                }
            }
        }
    }

    private const int MaxFindingsPerValue = 10;

    private const int MaxSnippet = 80;

    /// <summary><c>secrets[matrix.name]</c>: the index up to its closing bracket (at most 80 characters), for the message.</summary>
    private static string Snippet(string text, int start)
    {
        var depth = 0;
        var end = Math.Min(text.Length, start + MaxSnippet);
        for (var i = start; i < end; i++)
        {
            if (text[i] == '[')
            {
                depth++;
            }
            else if (text[i] == ']' && --depth == 0)
            {
                return text[start..(i + 1)];
            }
        }

        return end < text.Length ? text[start..end].Trim() + "…" : text[start..].Trim();
    }
}
