using System.Text.RegularExpressions;
using Reconciler.Core.Policy;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>
/// Report: a privileged workflow writes attacker-controlled text to <c>$GITHUB_ENV</c> or <c>$GITHUB_PATH</c>
/// (an expression, or anything after the job checked out the pull request's code).
/// </summary>
/// <remarks>Workflows only: a composite action can't tell which event its caller runs on.</remarks>
public sealed partial class GitHubEnvRule : IWorkflowRule
{
    public string Id => "github-env";

    public string Title => "Privileged workflows don't write untrusted values to GITHUB_ENV or GITHUB_PATH";

    public string Help =>
        "Every line written to `$GITHUB_ENV` becomes an environment variable of every later step, and `$GITHUB_PATH` " +
        "puts directories in front of their PATH. In `pull_request_target` and `workflow_run`, which run with secrets and " +
        "a write token, a value the pull request controls (a title, a branch name, a file from its checkout) can set " +
        "`LD_PRELOAD`, `NODE_OPTIONS` or `BASH_ENV` (a newline in the value is enough) and run code in the steps that " +
        "hold the secrets. Use the value as a step output or `env:` of the one step that needs it, and validate it.";

    public Severity DefaultSeverity => Severity.Error;

    // Bash/sh `>> $GITHUB_ENV` (quoted, braced, or `>` that truncates), `tee [-a] $GITHUB_ENV`, cmd `>> %GITHUB_ENV%`,
    // and PowerShell's Add-Content/Out-File/Set-Content or `>>` to `$env:GITHUB_ENV` (case-insensitive there).
    [GeneratedRegex("""
        >>?\s*["']?(?:\$\{GITHUB_(?<file>ENV|PATH)\}|\$GITHUB_(?<file>ENV|PATH)\b|%GITHUB_(?<file>ENV|PATH)%|(?i:\$env:GITHUB_(?<file>ENV|PATH))\b)
        |\btee\b[^|;&\n]*?["']?\$(?:\{GITHUB_(?<file>ENV|PATH)\}|GITHUB_(?<file>ENV|PATH)\b)
        |(?i:\b(?:Add-Content|Out-File|Set-Content)\b[^|;\n]*?\$env:GITHUB_(?<file>ENV|PATH))\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.NonBacktracking)]
    private static partial Regex Write();

    [GeneratedRegex("""<<-?\s*["']?(?<tag>\w+)["']?""", RegexOptions.NonBacktracking)]
    private static partial Regex HereDocument();

    public void Check(WorkflowContext context)
    {
        var triggers = UntrustedCheckoutRule.PrivilegedTriggers(context.Workflow);
        if (triggers.Count == 0)
        {
            return;
        }

        var checkouts = UntrustedCheckoutRule.UntrustedCheckouts(context.Workflow).ToList();
        var rootEnv = ExpressionVariables(context.Workflow.Root);
        foreach (var job in context.Workflow.Jobs)
        {
            var jobEnv = ExpressionVariables(job.Map);
            foreach (var step in job.Steps)
            {
                if (step.Map?["run"] is not YScalar script)
                {
                    continue;
                }

                var checkout = checkouts.FirstOrDefault(c => c.Site.Job == job && c.Site.Step!.Index < step.Index);
                var fromEnv = rootEnv.Concat(jobEnv).Concat(ExpressionVariables(step.Map)).ToList();
                CheckScript(context, $"job {job.Id}, {step.Label}", script, triggers, fromEnv, checkout.Site is null ? null : checkout);
            }
        }
    }

    private static void CheckScript(WorkflowContext context, string where, YScalar script, IReadOnlyList<string> triggers, List<string> fromEnv, (UsesSite Site, YNode Ref, string Text)? checkout)
    {
        var text = context.Editor.TextOf(script);
        var lines = text.Split('\n');
        var start = 0;
        for (var i = 0; i < lines.Length; start += lines[i].Length + 1, i++)
        {
            var line = lines[i];
            if (Write().Match(line) is not { Success: true } write)
            {
                continue;
            }

            // The value: the line itself and, for `cat >> $GITHUB_ENV <<EOF`, the here-document after it.
            var value = line;
            if (HereDocument().Match(line) is { Success: true } here)
            {
                value += "\n" + string.Join("\n", lines.Skip(i + 1).TakeWhile(l => l.Trim() != here.Groups["tag"].Value));
            }

            var file = "GITHUB_" + write.Groups["file"].Value.ToUpperInvariant();
            var effect = file == "GITHUB_PATH" ? "puts directories in front of PATH" : "sets environment variables (LD_PRELOAD, NODE_OPTIONS, …)";
            var source = Expressions.First(value) is { } expression
                ? $"the value comes from `{expression}`"
                : fromEnv.FirstOrDefault(name => Regex.IsMatch(value, $@"\$(?:\{{{name}\}}|{name}\b|env:{name}\b)")) is { } name
                ? $"the value comes from `${name}`, set from an expression"
                : checkout is { } c
                ? $"the job checked out `{c.Text}` ({c.Site.Where}), so the value can come from the pull request's code"
                : null;
            if (source is not null)
            {
                context.ReportAtOffset(script.Start.Offset + start + write.Index, $"{where}: writes to ${file} in a workflow triggered by {string.Join(", ", triggers)}, and {source}; whoever controls it {effect} for every later step, which run with secrets and a write token");
            }
        }
    }

    /// <summary>Names of the <c>env:</c> variables of a workflow, job or step whose value is an expression.</summary>
    private static IEnumerable<string> ExpressionVariables(YMap? owner) =>
        owner?["env"].Deref() is YMap env
            ? env.Entries.Where(e => e.Value.Deref() is YScalar s && s.Value.Contains("${{", StringComparison.Ordinal) && Regex.IsMatch(e.KeyText, @"^\w+$")).Select(e => e.KeyText).ToList()
            : [];
}
