using Reconciler.Core.Policy;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Rules;

/// <summary>Small helpers for rules that rewrite scalars without changing how the file writes them.</summary>
internal static class YamlText
{
    /// <summary>New text for a scalar, quoted the way the old one was (a quoted <c>uses:</c> stays quoted).</summary>
    public static YValue SameQuoting(YScalar old, string text) => old.Style switch
    {
        YScalarStyle.DoubleQuoted => YValue.Raw("\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""),
        YScalarStyle.SingleQuoted => YValue.Raw("'" + text.Replace("'", "''", StringComparison.Ordinal) + "'"),
        _ => YamlRenderer.NeedsQuotes(text) ? YValue.Quoted(text) : YValue.Raw(text),
    };

    /// <summary>The first word of a trailing comment (<c># v4.2.2</c> → <c>v4.2.2</c>), or null.</summary>
    public static string? CommentWord(string? comment)
    {
        var t = comment?.Trim();
        if (string.IsNullOrEmpty(t))
        {
            return null;
        }

        var word = t.Split(' ', '\t')[0];
        // "pin@v4" and "tag=v4" are common spellings too.
        var at = word.LastIndexOfAny(['@', '=']);
        return at >= 0 ? word[(at + 1)..] : word;
    }

    /// <summary>
    /// The comment for a pinned <c>uses:</c>: the version first (what update tools read), then any
    /// words of the old comment that weren't a version (<c># toolchain</c> becomes <c># v6.4.0 toolchain</c>).
    /// </summary>
    public static string VersionComment(string version, string? oldComment)
    {
        var old = oldComment?.Trim() ?? "";
        if (old.Length == 0)
        {
            return version;
        }

        var words = old.Split(' ', 2);
        var rest = ActionVersion.TryParse(CommentWord(words[0]), out _) ? (words.Length > 1 ? words[1].Trim() : "") : old;
        return rest.Length == 0 ? version : $"{version} {rest}";
    }
}
