using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace Reconciler.Core.Yaml;

/// <summary>A comment in the source: the offset of its <c>#</c>, its line, and whether code precedes it on that line.</summary>
public readonly record struct YComment(int Offset, int Line, bool Trailing, string Text);

/// <summary>
/// Finds comments with YamlDotNet's scanner rather than by looking for <c>#</c>: a <c>#</c> inside a
/// quoted scalar or a URL is not a comment, and the scanner knows the difference.
/// </summary>
public static class YamlComments
{
    /// <summary>Every comment whose <c>#</c> lies in [<paramref name="from"/>, <paramref name="to"/>), in order. <see cref="YComment.Text"/> is what follows the <c>#</c>, as written (trailing spaces dropped).</summary>
    public static List<YComment> Between(SourceText source, int from, int to)
    {
        var found = new List<YComment>();
        var scanner = new Scanner(new StringReader(source.Text), skipComments: false);
        while (scanner.MoveNext())
        {
            if (scanner.Current is not Comment comment)
            {
                continue;
            }

            var at = (int)comment.Start.Index;
            if (at >= to)
            {
                break;
            }

            if (at < from)
            {
                continue;
            }

            var line = source.LineOf(at);
            var text = source.Text[(at + 1)..source.LineContentEnd(line)].TrimEnd();
            var trailing = source.Text[source.LineStart(line)..at].Trim().Length > 0;
            found.Add(new YComment(at, line, trailing, text));
        }

        return found;
    }
}
