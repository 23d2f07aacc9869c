namespace Reconciler.Core.Publishing;

/// <summary>
/// The publish job's script: the original shell conditions (e.g. a dist-tag per pre-release kind)
/// around the upload-only form of each publish command; everything else stays in the build.
/// </summary>
public static class UploadScript
{
    public static string Of(PublishSite site, Func<string, string> upload)
    {
        var lines = new List<string>();
        var depth = 0;
        foreach (var line in site.Lines)
        {
            switch (line.Role)
            {
                case LineRole.ControlFlow:
                    var closes = line.Text is "fi" || line.Text.StartsWith("elif ", StringComparison.Ordinal) || line.Text == "else";
                    if (closes)
                    {
                        depth = Math.Max(0, depth - 1);
                    }

                    lines.Add(new string(' ', depth * 2) + line.Text);
                    if (line.Text != "fi")
                    {
                        depth++;
                    }

                    break;
                case LineRole.Publish:
                    lines.Add(new string(' ', depth * 2) + upload(line.Text));
                    break;
            }
        }

        var distinct = site.HasControlFlow ? lines : lines.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : string.Join("\n", distinct) + "\n";
    }
}
