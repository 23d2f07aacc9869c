namespace Reconciler.Core.Yaml;

/// <summary>YAML that can't be read, with the 1-based line and column of the problem.</summary>
public sealed class YamlSyntaxException(string message, int line, int column) : Exception(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}
