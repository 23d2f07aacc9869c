using System.Text.RegularExpressions;

namespace Reconciler.Core.Publishing;

/// <summary>What one command line of a <c>run:</c> script does, as far as publishing is concerned.</summary>
public enum LineRole
{
    /// <summary>Anything else (a version check, a <c>cd</c>): it stays in the build job.</summary>
    Other,

    /// <summary>Blank lines, comments and <c>set -e</c>: harmless anywhere.</summary>
    Neutral,

    /// <summary><c>if</c>/<c>elif</c>/<c>else</c>/<c>fi</c>: kept around the upload commands.</summary>
    ControlFlow,

    /// <summary>Builds the distributable (<c>poetry build</c>, <c>npm pack</c>).</summary>
    Build,

    /// <summary>Hands a registry credential to the tool (<c>npm config set …_authToken</c>); dropped.</summary>
    Credential,

    /// <summary>Uploads to the registry.</summary>
    Publish,
}

/// <summary>One logical command line (continuation lines joined) with its role.</summary>
public sealed record ScriptLine(string Text, LineRole Role);

/// <summary>Splits <c>run:</c> bodies into logical command lines; recognises shell control flow.</summary>
public static partial class ShellScript
{
    /// <summary>Logical lines: a trailing backslash joins the next line, the way the shell reads it.</summary>
    public static IReadOnlyList<string> Lines(string script)
    {
        var result = new List<string>();
        var current = "";
        foreach (var raw in script.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.EndsWith('\\'))
            {
                current += line[..^1].Trim() + " ";
                continue;
            }

            result.Add((current + line.Trim()).Trim());
            current = "";
        }

        if (current.Length > 0)
        {
            result.Add(current.Trim());
        }

        while (result.Count > 0 && result[^1].Length == 0)
        {
            result.RemoveAt(result.Count - 1);
        }

        return InlineFunctions(result);
    }

    /// <summary>
    /// Inlines one-command shell functions, so <c>publish() { npx -y npm@latest publish "$@"; }</c>
    /// followed by <c>publish --tag beta</c> reads as <c>npx -y npm@latest publish --tag beta</c> (Fern's npm output).
    /// </summary>
    private static List<string> InlineFunctions(List<string> lines)
    {
        var functions = new Dictionary<string, string>(StringComparer.Ordinal);
        var kept = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (FunctionStart().Match(lines[i]) is { Success: true } start && i + 2 < lines.Count && lines[i + 2] == "}")
            {
                functions[start.Groups[1].Value] = lines[i + 1].TrimEnd(';').Trim();
                i += 2;
                continue;
            }

            kept.Add(lines[i]);
        }

        if (functions.Count == 0)
        {
            return lines;
        }

        return kept.Select(line =>
        {
            var words = line.Split(' ', 2);
            return functions.TryGetValue(words[0], out var body)
                ? body.Replace("\"$@\"", words.Length > 1 ? words[1] : "", StringComparison.Ordinal).Replace("$@", words.Length > 1 ? words[1] : "", StringComparison.Ordinal).Trim()
                : line;
        }).ToList();
    }

    public static bool IsNeutral(string line) =>
        line.Length == 0 || line.StartsWith('#') || SetOptions().IsMatch(line);

    public static bool IsControlFlow(string line) => ControlFlow().IsMatch(line);

    /// <summary>
    /// The words of a command line, split on blanks (quotes kept as written; enough for flags). A blank inside
    /// <c>${{ … }}</c> or inside quotes doesn't split: <c>--tag ${{ steps.v.outputs.tag || 'latest' }}</c> is a flag and one value.
    /// </summary>
    public static string[] Words(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var expression = false;
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (expression)
            {
                if (c == '}' && i + 1 < line.Length && line[i + 1] == '}')
                {
                    expression = false;
                    word.Append('}');
                    i++;
                }
            }
            else if (c == '$' && string.CompareOrdinal(line, i, "${{", 0, 3) == 0)
            {
                expression = true;
            }
            else if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c is ' ' or '\t')
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }

                continue;
            }

            word.Append(c);
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    /// <summary>The value of <c>--flag value</c> or <c>--flag=value</c>, or null.</summary>
    public static string? Flag(string line, string flag)
    {
        var words = Words(line);
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i] == flag && i + 1 < words.Length)
            {
                return words[i + 1];
            }

            if (words[i].StartsWith(flag + "=", StringComparison.Ordinal))
            {
                return words[i][(flag.Length + 1)..];
            }
        }

        return null;
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_-]*)\s*\(\)\s*\{\s*(#.*)?$")]
    private static partial Regex FunctionStart();

    [GeneratedRegex(@"^set\s+[-+][a-z]+(\s+[a-z]+)*$")]
    private static partial Regex SetOptions();

    [GeneratedRegex(@"^(if|elif)\s.*;\s*then$|^(else|fi|then)$")]
    private static partial Regex ControlFlow();
}
