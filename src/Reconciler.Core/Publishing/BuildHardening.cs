using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing;

/// <summary>
/// What build-artifact must not keep from the old job: a checkout that leaves the token in
/// <c>.git/config</c> (the job uploads an artifact) and restored caches (a cache written by a
/// pull-request run would reach the release). Edits the kept steps in place, line by line.
/// </summary>
public static class BuildHardening
{
    public static void Apply(YamlEditor editor, PublishSite site, YSeq steps, bool blankSteps)
    {
        var dropped = site.CredentialSteps.Append(site.PublishStep).Select(s => s.Index).ToHashSet();
        foreach (var step in site.Job.Steps.Where(s => !dropped.Contains(s.Index) && s.Map is not null))
        {
            var action = step.Uses?.Split('@')[0] ?? "";
            if (action.Equals("actions/checkout", StringComparison.OrdinalIgnoreCase))
            {
                SetInput(editor, step, "persist-credentials", YValue.Bool(false));
            }
            else if (action.Equals("actions/cache", StringComparison.OrdinalIgnoreCase) || action.Equals("actions/cache/restore", StringComparison.OrdinalIgnoreCase))
            {
                editor.ReplaceItemWith(steps, step.Index, [], blankSteps);
            }
            else if (action.Equals("ruby/setup-ruby", StringComparison.OrdinalIgnoreCase) && step.With?.Text("bundler-cache") == "true")
            {
                // bundler-cache also ran `bundle install`: keep the install, without the cache.
                RemoveInput(editor, step, "bundler-cache");
                InsertAfter(editor, steps, step, YValue.Map(("name", YValue.Str("Install gems")), ("run", YValue.Str("bundle install"))), blankSteps);
            }
            else if (action.Equals("astral-sh/setup-uv", StringComparison.OrdinalIgnoreCase) && step.With?.Text("enable-cache") is not "false")
            {
                SetInput(editor, step, "enable-cache", YValue.Bool(false)); // caches by default on GitHub-hosted runners
            }
            else if (action.Equals("actions/setup-go", StringComparison.OrdinalIgnoreCase) && step.With?.Text("cache") is not "false")
            {
                SetInput(editor, step, "cache", YValue.Bool(false)); // setup-go caches unless told not to
            }
            else if (action.Equals("actions/setup-node", StringComparison.OrdinalIgnoreCase) && MajorTag(step.Uses!) >= 5)
            {
                NoNodeCache(editor, step); // v5+ caches on its own when package.json names a packageManager
            }
            else if (action.StartsWith("actions/setup-", StringComparison.OrdinalIgnoreCase) && step.With?.Find("cache") is not null)
            {
                RemoveInput(editor, step, "cache", "cache-dependency-path");
            }
        }
    }

    private static void NoNodeCache(YamlEditor editor, Step step)
    {
        if (step.With is not { } with)
        {
            SetInput(editor, step, "package-manager-cache", YValue.Bool(false));
            return;
        }

        foreach (var entry in with.Entries.Where(e => e.KeyText is "cache" or "cache-dependency-path"))
        {
            editor.Remove(with, entry);
        }

        if (with.Text("package-manager-cache") != "false")
        {
            editor.Set(with, "package-manager-cache", YValue.Bool(false));
        }
    }

    /// <summary>The major version of a <c>@vN…</c> reference, or 0 when it isn't a version tag.</summary>
    private static int MajorTag(string uses)
    {
        var at = uses.IndexOf('@', StringComparison.Ordinal);
        var tag = at < 0 ? "" : uses[(at + 1)..];
        var digits = tag.StartsWith('v') ? new string(tag.Skip(1).TakeWhile(char.IsDigit).ToArray()) : "";
        return int.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var major) ? major : 0;
    }

    private static void SetInput(YamlEditor editor, Step step, string key, YValue value)
    {
        if (step.With is { } with)
        {
            editor.Set(with, key, value);
        }
        else
        {
            editor.Insert(step.Map!, "with", YValue.Map((key, value)), YamlEditor.InsertAt.After("uses"));
        }
    }

    private static void RemoveInput(YamlEditor editor, Step step, params string[] keys)
    {
        var with = step.With!;
        var remove = with.Entries.Where(e => keys.Contains(e.KeyText)).ToList();
        if (remove.Count == with.Entries.Count)
        {
            editor.Remove(step.Map!, step.Map!.Find("with")!);
            return;
        }

        foreach (var entry in remove)
        {
            editor.Remove(with, entry);
        }
    }

    /// <summary>A new step right after <paramref name="step"/>, at its dash column.</summary>
    private static void InsertAfter(YamlEditor editor, YSeq steps, Step step, YValue item, bool blankSteps)
    {
        var src = editor.Document.Source;
        var node = steps.Items[step.Index];
        var last = src.LastContentLineBefore(node.End.Offset);
        var render = new YamlRenderer(editor.Document.Style);
        var nl = editor.Document.Style.Newline;
        var text = render.Join(render.SequenceItem(item, editor.DashColumn(node)));
        var at = src.LineEndWithNewline(last);
        editor.Splice(at == src.Text.Length && !src.EndsWithNewline
            ? TextEdit.Insert(at, nl + (blankSteps ? nl : "") + text)
            : TextEdit.Insert(at, (blankSteps ? nl : "") + text + nl));
    }
}
