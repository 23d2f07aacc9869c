using System.Diagnostics;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Cli;

/// <summary>Files the command line is pointed at that can't be used end in one line on standard error, never a stack trace.</summary>
public class CliFileErrorsTests
{
    private const string Drifting = "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n";

    private static void AssertOneLineError(Support.Cli.Result run, string expected)
    {
        Assert.Equal(1, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected failure", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_to_a_path_that_cannot_be_written_is_a_one_line_error()
    {
        using var org = new TempTree().Write("svc/.github/workflows/ci.yml", Drifting);
        var missing = Path.Combine(org.Root, "no-such-folder", "plan.json");
        AssertOneLineError(await Support.Cli.RunAsync("plan", "--path", org.Root, "-o", missing), $"cannot write the plan to {missing}");

        var folder = Path.Combine(org.Root, "svc");
        AssertOneLineError(await Support.Cli.RunAsync("plan", "--path", org.Root, "-o", folder), $"cannot write the plan to {folder}");
    }

    [Fact]
    public async Task A_policy_on_a_device_is_a_one_line_error()
    {
        using var org = new TempTree().Write("svc/.github/workflows/ci.yml", Drifting);
        AssertOneLineError(await Support.Cli.RunAsync("plan", "--path", org.Root, "--policy", "/dev/zero"), "cannot read policy /dev/zero: it is not a regular file (a character device); not read");
        AssertOneLineError(await Support.Cli.RunAsync("policy", "validate", "/dev/zero"), "cannot read policy /dev/zero");
    }

    [Fact]
    public async Task A_policy_on_a_fifo_is_a_one_line_error_not_a_hang()
    {
        using var org = new TempTree().Write("svc/.github/workflows/ci.yml", Drifting);
        var fifo = Path.Combine(org.Root, "policy.yml");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        AssertOneLineError(await Support.Cli.RunAsync("plan", "--path", org.Root, "--policy", fifo), "it is not a regular file (a FIFO); not read");
    }

    [Fact]
    public async Task A_policy_far_larger_than_any_policy_is_refused_while_reading()
    {
        using var org = new TempTree().Write("svc/.github/workflows/ci.yml", Drifting);
        var huge = Path.Combine(org.Root, "policy.yml");
        using (var file = File.Create(huge))
        {
            file.SetLength(64L * 1024 * 1024);
        }

        AssertOneLineError(await Support.Cli.RunAsync("plan", "--path", org.Root, "--policy", huge), "it is over the 1048576-byte limit");
    }
}
