using Reconciler.Tests.Support;

namespace Reconciler.Tests.Cli;

/// <summary>What <c>reconcile</c> prints to a terminal: nothing a repository wrote can steer the terminal.</summary>
public class TerminalOutputTests
{
    private const string Esc = "\u001b";

    [Fact]
    public async Task Control_characters_from_a_repository_are_shown_escaped_in_the_text_plan()
    {
        // Job id, step name and file name carry "clear the screen, home the cursor" and a right-to-left override.
        var workflow = "name: ci\non: push\njobs:\n  \"build\\e[2J\\e[H\":\n    runs-on: ubuntu-latest\n    steps:\n      - name: \"Test\\e[8m hidden \\u202E\"\n        uses: actions/checkout@v4\n";
        using var org = new TempTree()
            .Write($"hostile/.github/workflows/ci{Esc}[2J.yml", workflow)
            .Write("neighbour/.github/workflows/ci.yml", "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n");

        var run = await Support.Cli.RunAsync("plan", "--path", org.Root, "--no-color");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(run.Stdout, c => (c < 0x20 && c is not '\n' and not '\t') || c is '\u007f' or '\u202e');
        Assert.Contains(@"ci\x1B[2J.yml", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(@"build\x1B[2J\x1B[H", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("~ neighbour  drift", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_plan_keeps_the_names_exactly_as_the_serializer_escapes_them()
    {
        using var org = new TempTree().Write($"hostile/.github/workflows/ci{Esc}[2J.yml", "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n");
        var run = await Support.Cli.RunAsync("plan", "--path", org.Root, "--format", "json");
        Assert.DoesNotContain(Esc, run.Stdout, StringComparison.Ordinal);
        Assert.Contains(@"ci\u001B[2J.yml", run.Stdout, StringComparison.Ordinal);
    }
}
