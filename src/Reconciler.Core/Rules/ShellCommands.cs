using System.Text;
using System.Text.RegularExpressions;

namespace Reconciler.Core.Rules;

/// <summary>
/// The simple commands of a <c>run:</c> script, each as its words, split the way a POSIX shell would
/// closely enough to name every command: quotes, escapes, comments, line continuations, here-documents,
/// <c>$( )</c> and backticks, <c>;</c> <c>&amp;&amp;</c> <c>||</c> <c>|</c> <c>&amp;</c>, and redirections.
/// Anything it can't follow comes out as a command nobody knows, which is the safe reading.
/// </summary>
public static partial class ShellCommands
{
    /// <summary>A word standing for a GitHub expression (<c>${{ … }}</c>): never a known command.</summary>
    public const string Expression = "${{…}}";

    public static IReadOnlyList<IReadOnlyList<string>> Of(string script)
    {
        var commands = new List<IReadOnlyList<string>>();
        Split(WithoutHereDocuments(Expressions.Wrapped().Replace(script, Expression)), commands, depth: 0);
        return commands;
    }

    /// <summary>Drops here-document bodies (data, not commands); an unterminated one runs to the end.</summary>
    private static string WithoutHereDocuments(string script)
    {
        if (!script.Contains("<<", StringComparison.Ordinal))
        {
            return script;
        }

        var kept = new StringBuilder();
        string? terminator = null;
        foreach (var line in script.Split('\n'))
        {
            if (terminator is not null)
            {
                if (line.Trim() == terminator)
                {
                    terminator = null;
                }

                continue;
            }

            kept.Append(line).Append('\n');
            if (HereDocument().Match(line) is { Success: true } m)
            {
                terminator = m.Groups["word"].Value;
            }
        }

        return kept.ToString();
    }

    private static void Split(string script, List<IReadOnlyList<string>> commands, int depth)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var subshells = 0;
        var commandsAtLineStart = commands.Count;
        var i = 0;

        void EndWord()
        {
            if (inWord)
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
        }

        void EndCommand()
        {
            EndWord();
            var command = WithoutRedirections(words);
            if (command.Count > 0)
            {
                commands.Add(command);
            }

            words = [];
        }

        while (i < script.Length)
        {
            var c = script[i];
            switch (c)
            {
                case '\\' when i + 1 < script.Length:
                    if (script[i + 1] != '\n')
                    {
                        word.Append(script[i + 1]);
                        inWord = true;
                    }

                    i += 2;
                    continue;
                case '\'':
                    var close = script.IndexOf('\'', i + 1);
                    close = close < 0 ? script.Length : close;
                    word.Append(script, i + 1, close - i - 1);
                    inWord = true;
                    i = close + 1;
                    continue;
                case '"':
                    i = DoubleQuoted(script, i + 1, word, commands, depth);
                    inWord = true;
                    continue;
                case '$' when i + 1 < script.Length && script[i + 1] == '(':
                    // $( ) or $(( )): the inner text is a script of its own; the word stands for its output.
                    var end = Matching(script, i + 1);
                    Inner(script[(i + 2)..end], commands, depth);
                    word.Append("$()");
                    inWord = true;
                    i = end + 1;
                    continue;
                case '`':
                    var tick = script.IndexOf('`', i + 1);
                    tick = tick < 0 ? script.Length : tick;
                    Inner(script[(i + 1)..tick], commands, depth);
                    word.Append("$()");
                    inWord = true;
                    i = tick + 1;
                    continue;
                case '#' when !inWord:
                    var eol = script.IndexOf('\n', i);
                    i = eol < 0 ? script.Length : eol;
                    continue;
                case '&' when (inWord && word.Length > 0 && word[^1] is '>' or '<') || (i + 1 < script.Length && script[i + 1] == '>'):
                    word.Append(c); // 2>&1, &>file: a redirection, not a separator
                    inWord = true;
                    i++;
                    continue;
                case ')' when subshells == 0:
                    // A `)` nothing opened ends a case pattern (`PUBLISHED)`, `a|b)`): a pattern, not a command.
                    EndWord();
                    words = [];
                    commands.RemoveRange(commandsAtLineStart, commands.Count - commandsAtLineStart); // a|b) alternatives
                    i++;
                    continue;
                case '(' or ')':
                    subshells += c == '(' ? 1 : -1;
                    EndCommand();
                    i++;
                    continue;
                case '\n' or ';' or '&' or '|' or '{' or '}' when c is not ('{' or '}') || (!inWord && IsBraceWord(script, i)):
                    EndCommand();
                    if (c is '\n' or ';')
                    {
                        commandsAtLineStart = commands.Count;
                    }

                    i++;
                    continue;
                case ' ' or '\t' or '\r':
                    EndWord();
                    i++;
                    continue;
                default:
                    word.Append(c);
                    inWord = true;
                    i++;
                    continue;
            }
        }

        EndCommand();
    }

    /// <summary>A <c>{</c> or <c>}</c> that stands alone (a group), not part of a word like <c>${HOME}</c> or <c>{a,b}</c>.</summary>
    private static bool IsBraceWord(string script, int i) =>
        (i + 1 >= script.Length || char.IsWhiteSpace(script[i + 1]) || script[i + 1] == ';') && (i == 0 || char.IsWhiteSpace(script[i - 1]) || script[i - 1] == ';');

    /// <summary>Reads a double-quoted string from <paramref name="start"/>; returns the index after its closing quote.</summary>
    private static int DoubleQuoted(string script, int start, StringBuilder word, List<IReadOnlyList<string>> commands, int depth)
    {
        var i = start;
        while (i < script.Length && script[i] != '"')
        {
            if (script[i] == '\\' && i + 1 < script.Length)
            {
                word.Append(script[i + 1]);
                i += 2;
            }
            else if (script[i] == '$' && i + 1 < script.Length && script[i + 1] == '(')
            {
                var end = Matching(script, i + 1);
                Inner(script[(i + 2)..end], commands, depth);
                word.Append("$()");
                i = end + 1;
            }
            else if (script[i] == '`')
            {
                var tick = script.IndexOf('`', i + 1);
                tick = tick < 0 ? script.Length : tick;
                Inner(script[(i + 1)..tick], commands, depth);
                word.Append("$()");
                i = tick + 1;
            }
            else
            {
                word.Append(script[i]);
                i++;
            }
        }

        return i + 1;
    }

    private static void Inner(string script, List<IReadOnlyList<string>> commands, int depth)
    {
        if (script.StartsWith('('))
        {
            return; // $(( arithmetic )): no command
        }

        if (depth >= 8)
        {
            commands.Add(["$()"]); // nested too deep to follow: a command nobody knows
            return;
        }

        Split(script, commands, depth + 1);
    }

    /// <summary>The index of the parenthesis closing the one at <paramref name="open"/> (or the end).</summary>
    private static int Matching(string script, int open)
    {
        var level = 0;
        for (var i = open; i < script.Length; i++)
        {
            switch (script[i])
            {
                case '\\':
                    i++;
                    break;
                case '\'':
                    var close = script.IndexOf('\'', i + 1);
                    i = close < 0 ? script.Length : close;
                    break;
                case '(':
                    level++;
                    break;
                case ')':
                    if (--level == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return script.Length;
    }

    /// <summary>The words without redirections (<c>&gt; file</c>, <c>2&gt;&amp;1</c>, <c>&lt;&lt;EOF</c>): they name files, not commands.</summary>
    private static List<string> WithoutRedirections(List<string> words)
    {
        var kept = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            if (Redirection().Match(words[i]) is { Success: true } m)
            {
                if (m.Groups["target"].Length == 0)
                {
                    i++; // the operator stands alone: the next word is its file
                }

                continue;
            }

            kept.Add(words[i]);
        }

        return kept;
    }

    [GeneratedRegex(@"(?<!<)<<-?\s*(?<q>['""]?)(?<word>[A-Za-z_][A-Za-z0-9_]*)\k<q>")]
    private static partial Regex HereDocument();

    [GeneratedRegex(@"^\d*(<<<|<<-?|<>|>>|>\||<&|>&|&>>|&>|<|>)(?<target>.*)$")]
    private static partial Regex Redirection();
}
