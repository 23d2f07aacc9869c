namespace Reconciler.Core.Yaml;

/// <summary>How a file writes YAML, so that new blocks look like the rest of it.</summary>
public sealed record FileStyle(
    int Indent,
    bool IndentedSequences,
    bool PaddedFlowSequences,
    char Quote,
    bool QuoteAllStrings,
    string Newline)
{
    public static readonly FileStyle Default = new(2, true, false, '\'', false, "\n");

    /// <summary>Reads the most common indentation, sequence, flow and quoting habits from a parsed file.</summary>
    public static FileStyle Detect(SourceText source, YNode? root)
    {
        var indents = new Dictionary<int, int>();
        int indented = 0, indentless = 0, padded = 0, tight = 0, single = 0, dbl = 0, plain = 0;
        void Walk(YNode node)
        {
            switch (node)
            {
                case YMap map:
                    foreach (var e in map.Entries)
                    {
                        if (!map.IsFlow && e.Value is YMap { IsFlow: false, Entries.Count: > 0 } child)
                        {
                            var d = child.Entries[0].Key.Start.Column - e.Key.Start.Column;
                            if (d > 0)
                            {
                                indents[d] = indents.GetValueOrDefault(d) + 1;
                            }
                        }

                        if (!map.IsFlow && e.Value is YSeq { IsFlow: false, Items.Count: > 0 } seq)
                        {
                            var dashColumn = DashColumn(source, seq.Items[0]);
                            if (dashColumn == e.Key.Start.Column)
                            {
                                indentless++;
                            }
                            else if (dashColumn > e.Key.Start.Column)
                            {
                                indented++;
                            }
                        }

                        if (e.Value is YSeq { IsFlow: true, Items.Count: > 0 } flow)
                        {
                            var open = source.Text[flow.Start.Offset..Math.Min(flow.Start.Offset + 2, source.Text.Length)];
                            if (open == "[ ")
                            {
                                padded++;
                            }
                            else
                            {
                                tight++;
                            }
                        }

                        if (e.Value is YScalar s && !s.IsNull && !LooksLikeNumberOrBool(s.Value))
                        {
                            switch (s.Style)
                            {
                                case YScalarStyle.SingleQuoted: single++; break;
                                case YScalarStyle.DoubleQuoted: dbl++; break;
                                case YScalarStyle.Plain: plain++; break;
                            }
                        }

                        Walk(e.Value);
                    }

                    break;
                case YSeq s:
                    foreach (var item in s.Items)
                    {
                        Walk(item);
                    }

                    break;
            }
        }

        if (root is not null)
        {
            Walk(root);
        }

        var indent = indents.Count == 0 ? 2 : indents.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
        var quoted = single + dbl;
        return new FileStyle(
            indent,
            indented >= indentless,
            padded > tight,
            dbl > single ? '"' : '\'',
            quoted > 0 && plain == 0,
            source.Newline);
    }

    private static int DashColumn(SourceText source, YNode firstItem)
    {
        // The item starts after "- "; walk back on its line to the dash.
        var line = source.Line(firstItem.Start.Line);
        var i = Math.Min(firstItem.Start.Column - 2, line.Length - 1);
        while (i >= 0 && line[i] != '-')
        {
            i--;
        }

        return i + 1;
    }

    internal static bool LooksLikeNumberOrBool(string s) =>
        s is "true" or "false" or "True" or "False" or "TRUE" or "FALSE" or "yes" or "no" or "on" or "off" or "Yes" or "No" or "On" or "Off" or "YES" or "NO" or "ON" or "OFF" or "y" or "n" or "Y" or "N"
        || double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
        || (s.StartsWith("0x", StringComparison.Ordinal) && s.Length > 2) || (s.StartsWith("0o", StringComparison.Ordinal) && s.Length > 2)
        || s is ".inf" or "-.inf" or ".nan" or ".NaN" or ".Inf";
}
