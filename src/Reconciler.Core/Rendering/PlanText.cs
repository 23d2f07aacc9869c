using System.Text;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;

namespace Reconciler.Core.Rendering;

/// <summary>
/// The human plan: per repository a status line, its findings and unified diffs (like <c>terraform plan</c>). Every
/// text that comes from a repository or the API is escaped for the terminal (<see cref="TerminalText"/>).
/// </summary>
public static class PlanText
{
    public static string Render(Plan plan, bool color, IReadOnlyList<string>? notices = null)
    {
        var sb = new StringBuilder();
        string C(string code, string text) => color ? $"\u001b[{code}m{text}\u001b[0m" : text;
        static string E(string? text) => TerminalText.Escape(text);
        sb.Append($"Policy {plan.Policy.Name} ({plan.Policy.Digest[..Math.Min(19, plan.Policy.Digest.Length)]})\n");
        foreach (var notice in notices ?? [])
        {
            sb.Append(C("2", $"note: {E(notice)}")).Append('\n');
        }

        foreach (var repo in plan.Repositories)
        {
            sb.Append('\n');
            var (mark, code) = repo.Status switch
            {
                RepositoryStatus.Drift => ("~", "33"),
                RepositoryStatus.InSync => ("=", "32"),
                RepositoryStatus.Error => ("!", "31"),
                _ => ("-", "2"),
            };
            var status = repo.Status switch
            {
                RepositoryStatus.Drift => $"drift: {Count(repo.Changes.Count, "change")}, {Count(repo.Findings.Count(f => f.Severity != Severity.Note), "finding")}",
                RepositoryStatus.InSync => "in sync",
                RepositoryStatus.Error => $"error: {E(repo.Error)}",
                _ => $"skipped: {E(repo.Reason)}",
            };
            sb.Append(C("1;" + code, $"{mark} {E(repo.Repository)}")).Append("  ").Append(C(code, status)).Append('\n');
            foreach (var f in repo.Findings)
            {
                var where = f.Path is null ? "settings" : f.Line is null ? E(f.Path) : $"{E(f.Path)}:{f.Line}";
                var sev = f.Severity switch
                {
                    Severity.Error => C("31", "error"),
                    Severity.Warning => C("33", "warning"),
                    _ => C("2", "note"),
                };
                sb.Append($"    {sev} {E(f.Rule)} {where}: {E(f.Message)}{(f.Fixed ? C("2", " (fixed by this plan)") : "")}\n");
            }

            foreach (var change in repo.Changes)
            {
                switch (change)
                {
                    case FileChange file:
                        sb.Append($"  {(file.Action == ChangeAction.Create ? "+" : "~")} file {E(file.Path)}\n");
                        foreach (var raw in file.Diff.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                        {
                            var line = TerminalText.EscapeLine(raw);
                            var colored = line.StartsWith('+') ? C("32", line) : line.StartsWith('-') ? C("31", line) : line.StartsWith("@@", StringComparison.Ordinal) ? C("36", line) : line;
                            sb.Append("      ").Append(colored).Append('\n');
                        }

                        break;
                    case SettingChange setting:
                        sb.Append($"  {(setting.Action == ChangeAction.Create ? "+" : setting.Action == ChangeAction.Delete ? "-" : "~")} setting {E(setting.Target)}: {E(setting.Current?.ToJsonString() ?? "(absent)")} -> {E(setting.Desired?.ToJsonString() ?? "(absent)")}\n");
                        if (setting.Reason is not null)
                        {
                            sb.Append($"      {E(setting.Reason)}\n");
                        }

                        break;
                    case ManualChange manual:
                        sb.Append($"  ! manual {E(manual.Target)}: {E(manual.Instructions)}\n");
                        break;
                }
            }
        }

        var s = plan.Summary;
        sb.Append($"\n{s.Repositories} repositories: {s.Drift} drift, {s.InSync} in sync, {s.Error} error, {s.Skipped} skipped\n");
        return sb.ToString();
    }

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
