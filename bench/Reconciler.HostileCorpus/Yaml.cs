using System.Text;

namespace Reconciler.HostileCorpus;

/// <summary>YAML text the cases are made of.</summary>
public static class Yaml
{
    /// <summary>A small workflow every default rule has something to say about (drifts).</summary>
    public const string PlainWorkflow = """
        name: plain
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v3
              - run: echo hi

        """;

    /// <summary>The three nesting forms of the issue: flow sequences, block sequences on one line, flow mappings.</summary>
    public enum Nesting
    {
        FlowSequence,
        BlockSequence,
        FlowMapping,
        BlockMapping,
    }

    /// <summary>
    /// A value nested <paramref name="depth"/> levels, to follow <c>key:</c> at <paramref name="indent"/> spaces:
    /// <c>[[[x]]]</c>, <c>- - - x</c> on its own line, <c>{a: {a: x}}</c>, or <c>a:</c> one space deeper per line.
    /// </summary>
    public static string Deep(Nesting form, int depth, int indent)
    {
        var sb = new StringBuilder();
        switch (form)
        {
            case Nesting.FlowSequence:
                sb.Append(' ').Append('[', depth).Append('x').Append(']', depth);
                break;
            case Nesting.FlowMapping:
                sb.Append(' ');
                for (var i = 0; i < depth; i++)
                {
                    sb.Append("{a: ");
                }

                sb.Append('x').Append('}', depth);
                break;
            case Nesting.BlockSequence:
                sb.Append('\n').Append(' ', indent + 2);
                for (var i = 0; i < depth; i++)
                {
                    sb.Append("- ");
                }

                sb.Append('x');
                break;
            case Nesting.BlockMapping:
                for (var i = 0; i < depth; i++)
                {
                    sb.Append('\n').Append(' ', indent + 1 + i).Append("a:");
                }

                sb.Append(" x");
                break;
        }

        return sb.Append('\n').ToString();
    }

    /// <summary>A workflow whose one step runs <paramref name="script"/> (as a literal block, so any text goes).</summary>
    public static string WorkflowRunning(string script) => $$"""
        name: bomb
        on: push
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v3
              - run: |
                  {{script}}

        """;

    /// <summary>A workflow with a step condition <paramref name="condition"/>.</summary>
    public static string WorkflowIf(string condition) => $$"""
        name: bomb
        on: pull_request_target
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v3
              - if: |
                  {{condition}}
                run: echo hi

        """;

    /// <summary>A composite action's metadata whose one step runs <paramref name="script"/>.</summary>
    public static string CompositeRunning(string script) => $$"""
        name: setup
        runs:
          using: composite
          steps:
            - shell: bash
              run: |
                {{script}}

        """;

    /// <summary><paramref name="count"/> distinct lower-case keys of four letters.</summary>
    public static IEnumerable<string> Keys(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var n = i;
            var key = new char[4];
            for (var k = 3; k >= 0; k--)
            {
                key[k] = (char)('a' + (n % 26));
                n /= 26;
            }

            yield return new string(key);
        }
    }
}
