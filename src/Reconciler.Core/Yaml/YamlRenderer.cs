using System.Text;

namespace Reconciler.Core.Yaml;

/// <summary>Renders <see cref="YValue"/>s as YAML text in a file's <see cref="FileStyle"/>.</summary>
public sealed class YamlRenderer(FileStyle style)
{
    public FileStyle Style { get; } = style;

    /// <summary>True when the value fits on the key's line (scalars, <c>{}</c>, flow sequences).</summary>
    public static bool IsInline(YValue value) => value switch
    {
        YStr s => !s.Value.Contains('\n'),
        YRaw => true,
        YCommented c => IsInline(c.Value),
        YMapValue m => m.Items.Count == 0,
        YSeqValue s => s.Flow,
        _ => false,
    };

    /// <summary>The text of an inline value, e.g. <c>'3.10'</c>, <c>{}</c> or <c>[build, test]</c>.</summary>
    public string Inline(YValue value) => value switch
    {
        YStr s => Scalar(s),
        YRaw r => r.Text,
        YCommented c => $"{Inline(c.Value)} # {c.Comment}",
        YMapValue { Items.Count: 0 } => "{}",
        YSeqValue { Flow: true } s => FlowSeq(s),
        _ => throw new ArgumentException("value is not inline", nameof(value)),
    };

    /// <summary>Lines (without newlines) of <c>key: value</c> at <paramref name="column"/> spaces.</summary>
    public List<string> Entry(string key, YValue value, int column, string? comment = null)
    {
        var lines = new List<string>();
        var pad = new string(' ', column);
        var k = Key(key);
        var suffix = comment is null ? "" : $" # {comment}";
        if (value is YStr { Value: var text } && text.Contains('\n'))
        {
            lines.Add($"{pad}{k}: {BlockHeader(text)}{suffix}");
            AddBlockScalar(lines, text, column + Style.Indent);
        }
        else if (IsInline(value))
        {
            lines.Add($"{pad}{k}: {Inline(value)}{suffix}");
        }
        else
        {
            lines.Add($"{pad}{k}:{suffix}");
            lines.AddRange(Block(value, column + Style.Indent, sequenceParentColumn: column));
        }

        return lines;
    }

    /// <summary>Lines of a block value whose entries start at <paramref name="column"/>.</summary>
    public List<string> Block(YValue value, int column, int sequenceParentColumn)
    {
        var lines = new List<string>();
        switch (value)
        {
            case YMapValue map:
                foreach (var item in map.Items)
                {
                    lines.AddRange(Entry(item.Key, item.Value, column, item.Comment));
                }

                break;
            case YSeqValue seq:
                var dash = Style.IndentedSequences ? sequenceParentColumn + Style.Indent : sequenceParentColumn;
                foreach (var item in seq.Items)
                {
                    lines.AddRange(SequenceItem(item, dash));
                }

                break;
            default:
                throw new ArgumentException("value is not a block", nameof(value));
        }

        return lines;
    }

    /// <summary>Lines of one <c>- item</c> with its dash at <paramref name="dashColumn"/>.</summary>
    public List<string> SequenceItem(YValue item, int dashColumn)
    {
        var pad = new string(' ', dashColumn);
        if (IsInline(item))
        {
            return [$"{pad}- {Inline(item)}"];
        }

        if (item is YMapValue map)
        {
            // The first entry shares the dash's line; the rest align under it.
            var inner = Block(map, dashColumn + 2, dashColumn + 2);
            inner[0] = $"{pad}- {inner[0][(dashColumn + 2)..]}";
            return inner;
        }

        var nested = Block(item, dashColumn + 2, dashColumn + 2);
        nested.Insert(0, $"{pad}-");
        return nested;
    }

    public string Join(IEnumerable<string> lines) => string.Join(Style.Newline, lines);

    private string FlowSeq(YSeqValue seq)
    {
        var inner = string.Join(", ", seq.Items.Select(Inline));
        return seq.Items.Count == 0 ? "[]" : Style.PaddedFlowSequences ? $"[ {inner} ]" : $"[{inner}]";
    }

    private static string Key(string key) => NeedsQuotes(key) ? $"'{key.Replace("'", "''", StringComparison.Ordinal)}'" : key;

    private string Scalar(YStr s)
    {
        var quote = s.Quote ?? (Style.QuoteAllStrings || NeedsQuotes(s.Value));
        if (!quote)
        {
            return s.Value;
        }

        return Style.Quote == '"' || s.Value.Any(char.IsControl)
            ? "\"" + EscapeDouble(s.Value) + "\""
            : "'" + s.Value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private static string EscapeDouble(string value)
    {
        var sb = new StringBuilder();
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private static string BlockHeader(string text) => text.EndsWith('\n') ? "|" : "|-";

    private static void AddBlockScalar(List<string> lines, string text, int column)
    {
        var pad = new string(' ', column);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            lines.Add(line.Length == 0 ? "" : pad + line);
        }
    }

    /// <summary>Whether a plain scalar would be misread (as a number, bool, null, or YAML syntax).</summary>
    public static bool NeedsQuotes(string s)
    {
        if (s.Length == 0 || s != s.Trim() || FileStyle.LooksLikeNumberOrBool(s) || s is "~" or "null" or "Null" or "NULL")
        {
            return true;
        }

        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0], StringComparison.Ordinal) && !(s[0] == '-' && s.Length > 1 && s[1] != ' ' && !char.IsDigit(s[1])))
        {
            return true;
        }

        return s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':') || s.Contains('\n') || s.Contains('\t');
    }
}
