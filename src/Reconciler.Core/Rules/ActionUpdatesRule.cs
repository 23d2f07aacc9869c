using System.Text.Json;
using System.Text.Json.Nodes;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>
/// Pins only stay safe if something bumps them: Dependabot or Renovate must update the repository's GitHub
/// Actions. Both read exactly the <c>uses: owner/action@SHA # vX.Y.Z</c> shape Reconcile writes, and bump the
/// SHA and the comment together. Adds a github-actions entry to an existing <c>dependabot.yml</c> (surgically,
/// in the file's own style), or creates <c>.github/dependabot.yml</c> when neither tool is configured.
/// </summary>
public sealed class ActionUpdatesRule : IRepositoryRule
{
    public const string Ecosystem = "github-actions";

    public string Id => "action-updates";

    public string Title => "Dependabot or Renovate updates the pinned actions";

    public string Help =>
        "A commit SHA never moves: without Dependabot or Renovate bumping them, pinned actions silently miss " +
        "security fixes. Both read the `# vX.Y.Z` comment Reconcile writes next to each SHA and update both together.";

    public Severity DefaultSeverity => Severity.Error;

    public void Check(RepositoryContext context)
    {
        var settings = context.Settings as ActionUpdatesSettings ?? new ActionUpdatesSettings();
        var dependabotPath = FilesOfInterest.DependabotConfigs.FirstOrDefault(context.Files.ContainsKey);
        YamlDocument? dependabot = null;
        if (dependabotPath is not null)
        {
            try
            {
                dependabot = YamlDocument.Parse(dependabotPath, context.Files[dependabotPath]);
            }
            catch (YamlSyntaxException ex)
            {
                context.Report(dependabotPath, ex.Line, $"{dependabotPath}:{ex.Line}:{ex.Column}: invalid YAML, so Dependabot can't read it: {ex.Message}; fix it by hand", column: ex.Column);
                return;
            }

            if (Covers(dependabot.Root))
            {
                return;
            }
        }

        if (FilesOfInterest.RenovateConfigs.FirstOrDefault(context.Files.ContainsKey) is { } renovatePath)
        {
            CheckRenovate(context, renovatePath, context.Files[renovatePath]);
            return;
        }

        if (dependabotPath is null)
        {
            const string path = ".github/dependabot.yml";
            context.Report(path, null, "neither Dependabot nor Renovate updates the pinned actions, so they never get security fixes", fixedByChange: true);
            if (context.MayFix)
            {
                context.WriteFile(path, NewConfig(settings), Explanation(settings, created: true));
            }

            return;
        }

        AddEntry(context, dependabotPath, dependabot!, settings);
    }

    /// <summary>The <c>.github/dependabot.yml</c> written when neither Dependabot nor Renovate is configured.</summary>
    public static string NewConfig(ActionUpdatesSettings settings) =>
        "version: 2\n" +
        "updates:\n" +
        $"  - package-ecosystem: {Ecosystem}\n" +
        "    directory: /\n" +
        "    schedule:\n" +
        $"      interval: {Interval(settings)}\n" +
        (settings.Group
            ? "    groups:\n" +
              $"      {Ecosystem}:\n" +
              "        patterns: [\"*\"]\n"
            : "");

    /// <summary>Whether a Dependabot config has an <c>updates:</c> entry for github-actions at the repository root.</summary>
    internal static bool Covers(YNode? root) =>
        root is YMap map && map.Seq("updates") is { } updates
        && updates.Items.OfType<YMap>().Any(u => u.Text("package-ecosystem") == Ecosystem
            && (u.Text("directory")?.Trim() == "/" || (u.Seq("directories")?.Items.OfType<YScalar>().Any(d => d.Value.Trim() == "/") ?? false)));

    private static void AddEntry(RepositoryContext context, string path, YamlDocument document, ActionUpdatesSettings settings)
    {
        var text = document.Text;
        var root = document.Root as YMap;
        if (document.Root is null)
        {
            // An empty (or comments-only) file: keep what's there and add the whole config after it.
            Write(context, path, text, text + (text.Length == 0 || text.EndsWith('\n') ? "" : document.Style.Newline) + NewConfig(settings).Replace("\n", document.Style.Newline, StringComparison.Ordinal), settings);
            return;
        }

        const string missing = "has no `updates:` entry for github-actions, so nothing updates the pinned actions";
        if (root is null || root.IsFlow)
        {
            context.Report(path, document.Root.Start.Line, $"{path} {missing}; it isn't a block mapping Reconcile can edit: add the entry by hand", column: document.Root.Start.Column);
            return;
        }

        var entry = Entry(settings);
        var editor = document.Edit();
        var updates = root.Find("updates");
        switch (updates?.Value)
        {
            case null:
                editor.Insert(root, "updates", YValue.Seq(entry), YamlEditor.InsertAt.End);
                break;
            case YSeq { IsFlow: false, Items.Count: > 0, Anchor: null } seq:
                // Items set off by blank lines (as Dependabot's own examples are) get one before the new item too.
                editor.InsertItem(seq, seq.Items.Count, entry, blankLineBefore: editor.SeparatedByBlankLines(seq));
                break;
            case YScalar { IsNull: true }:
            case YSeq { IsFlow: true, Items.Count: 0, Anchor: null }:
                editor.ReplaceValue(root, updates, YValue.Seq(entry));
                break;
            default:
                context.Report(path, updates.Key.Start.Line, $"{path} {missing}; its `updates:` isn't a block sequence Reconcile can extend: add the entry by hand", column: updates.Key.Start.Column);
                return;
        }

        Write(context, path, text, editor.Apply(), settings);
    }

    private static void Write(RepositoryContext context, string path, string before, string after, ActionUpdatesSettings settings)
    {
        // Never emit a config Dependabot can't read: the edit must parse and say what was meant.
        try
        {
            if (!Covers(YamlDocument.Parse(path, after).Root))
            {
                throw new YamlSyntaxException("the new entry doesn't read as a github-actions update", 1, 1);
            }
        }
        catch (YamlSyntaxException ex)
        {
            context.Report(path, null, $"{path} has no `updates:` entry for github-actions; adding one failed ({ex.Message}): add it by hand");
            return;
        }

        context.Report(path, null, $"{path} has no `updates:` entry for github-actions, so nothing updates the pinned actions", fixedByChange: true);
        if (context.MayFix && after != before)
        {
            context.WriteFile(path, after, Explanation(settings, created: false));
        }
    }

    private static YValue Entry(ActionUpdatesSettings settings)
    {
        var entry = YValue.Map(
            ("package-ecosystem", YValue.Str(Ecosystem)),
            ("directory", YValue.Str("/")),
            ("schedule", YValue.Map(("interval", YValue.Str(Interval(settings))))));
        return settings.Group
            ? entry.With("groups", YValue.Map((Ecosystem, YValue.Map(("patterns", YValue.FlowSeq("*"))))))
            : entry;
    }

    private static string Interval(ActionUpdatesSettings settings) => PolicyBinder.Kebab(settings.Interval.ToString());

    private static string Explanation(ActionUpdatesSettings settings, bool created) =>
        (created ? "Added Dependabot's config so that" : "Added a github-actions entry so that") +
        $" Dependabot checks the pinned actions {Interval(settings)} for new releases and proposes the bumps" +
        (settings.Group ? " as one pull request" : "") +
        ": it reads the `# vX.Y.Z` comment next to each commit SHA and updates SHA and comment together." +
        " A pin nothing updates never gets a security fix.";

    /// <summary>
    /// Renovate's github-actions manager is on by default. Its config may be JSON5, which isn't parsed: only a
    /// plain-JSON config that turns the manager off (<c>enabledManagers</c> without it, or
    /// <c>"github-actions": {"enabled": false}</c>) is reported.
    /// </summary>
    private static void CheckRenovate(RepositoryContext context, string path, string text)
    {
        JsonObject? config = null;
        if (!path.EndsWith(".json5", StringComparison.Ordinal))
        {
            try
            {
                config = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject;
            }
            catch (JsonException)
            {
                // JSON5 (or broken): Renovate will say; its default keeps the manager on.
            }
        }

        if (config?["enabledManagers"] is JsonArray managers && !managers.Any(m => m is JsonValue v && v.TryGetValue<string>(out var s) && s == Ecosystem))
        {
            context.Report(path, null, $"Renovate config found, but its `enabledManagers` leaves out `{Ecosystem}`, so nothing updates the pinned actions: add \"{Ecosystem}\" to it", severity: Severity.Warning);
            return;
        }

        if (config?[Ecosystem] is JsonObject manager && manager["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on) && !on)
        {
            context.Report(path, null, $"Renovate config found, but it sets `\"{Ecosystem}\": {{\"enabled\": false}}`, so nothing updates the pinned actions", severity: Severity.Warning);
            return;
        }

        context.Report(path, null, $"Renovate config found ({path}): its {Ecosystem} manager updates the pinned actions", severity: Severity.Note);
    }
}
