using System.Text.RegularExpressions;
using Reconciler.Core.Hosts;
using Reconciler.Core.Hosts.Folder;
using Reconciler.Core.Planning;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;
using Reconciler.Tests.Support;

namespace Reconciler.Tests.Publishing;

/// <summary>
/// What every split in the committed golden cases (Golden/ and PublishGolden/) must satisfy, read from
/// the input and expected files: the new publish job defines every variable its scripts read and needs
/// every job whose outputs it reads; and a plan with every rule over a split finds nothing new about the jobs it wrote.
/// </summary>
public partial class SplitContractTests
{
    private static readonly string[] Roots =
    [
        Repo.PathOf("tests", "Reconciler.Tests", "Golden", "cases"),
        Repo.PathOf("tests", "Reconciler.Tests", "PublishGolden", "cases"),
    ];

    private static readonly HashSet<string> RunnerVariables = new(StringComparer.Ordinal) { "HOME", "PATH", "CI", "PWD", "RANDOM", "IFS" };

    public static TheoryData<string> AllCases() => [.. CaseDirs()];

    private static IEnumerable<string> CaseDirs() =>
        Roots.SelectMany(Directory.EnumerateDirectories).Order(StringComparer.Ordinal).Select(d => Path.GetRelativePath(Repo.PathOf("tests", "Reconciler.Tests"), d));

    public static TheoryData<string> PublishCases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(Roots[1]).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Fact]
    public void The_cases_split_every_registry_the_rewrite_uploads_to()
    {
        // Guards the theories below against passing vacuously.
        var split = CaseDirs().SelectMany(SplitJobs).ToList();
        Assert.True(split.Count >= 15, $"only {split.Count} split jobs in the golden cases");
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void The_publish_job_defines_every_variable_it_reads_and_needs_every_job_it_reads(string caseDir)
    {
        foreach (var (workflow, job) in SplitJobs(caseDir))
        {
            var workflowEnv = EnvNames(workflow.Root);
            var jobEnv = EnvNames(job.Map!);
            foreach (var step in job.Steps.Where(s => s.Run is not null))
            {
                var defined = workflowEnv.Concat(jobEnv).Concat(EnvNames(step.Map!)).ToHashSet(StringComparer.Ordinal);
                var undefined = ReadsWithoutDefault(step.Run!).Where(v => !defined.Contains(v)).ToList();
                Assert.True(undefined.Count == 0, $"{caseDir} {workflow.Path} job `{job.Id}` {step.Label} reads {string.Join(", ", undefined)} with no env defining it:\n{step.Run}");
            }

            var text = workflow.Document.Edit().TextOf(job.Map!);
            foreach (Match m in NeedsReference().Matches(text))
            {
                Assert.True(job.Needs.Contains(m.Groups[1].Value), $"{caseDir} job `{job.Id}` reads `{m.Value}` but needs only {string.Join(", ", job.Needs)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(PublishCases))]
    public async Task A_plan_with_every_rule_over_the_split_finds_nothing_new_about_the_jobs_it_wrote(string name)
    {
        var dir = Path.Combine(Roots[1], name);
        var expected = Path.Combine(dir, "expected");
        if (!Directory.Exists(expected))
        {
            return; // nothing split in this case
        }

        var policy = PolicyLoader.LoadBuiltIn();
        var host = new FolderHost(Path.Combine(dir, "input"), policy.Spec.Generators.IgnoreFiles);
        var before = await host.ReadAsync(new RepositoryRef("input", []), CancellationToken.None) with { FullName = $"acme/{name}" };
        var files = new Dictionary<string, string>(before.Files, StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(expected, "*.yml", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(expected, file).Replace('\\', '/')] = File.ReadAllText(file);
        }

        var after = before with { Files = files };
        var planner = new Planner(policy);
        var known = planner.PlanRepository(before).Findings.Select(f => Key(f, before)).ToHashSet();
        foreach (var (path, workflow, job) in WrittenJobs(before, after))
        {
            var last = job.Map!.End.Line;
            var fresh = planner.PlanRepository(after).Findings
                .Where(f => f.Path == path && f.Line >= job.Entry.Key.Start.Line && f.Line <= last)
                .Where(f => !known.Contains(Key(f, after)))
                .Select(f => $"{f.Rule} line {f.Line}: {f.Message}")
                .ToList();
            Assert.True(fresh.Count == 0, $"{name}: new findings about `{job.Id}`:\n{string.Join("\n", fresh)}");
        }
    }

    /// <summary>A finding by rule and the text of the line it points at: lines move, what they say doesn't.</summary>
    private static (string, string?, string) Key(Finding f, RepositorySnapshot snapshot)
    {
        var line = f.Path is not null && f.Line is { } n && snapshot.Files.TryGetValue(f.Path, out var text) ? text.Split('\n').ElementAtOrDefault(n - 1)?.Trim() ?? "" : "";
        return (f.Rule, f.Path, line);
    }

    /// <summary>The jobs a split wrote: the publish job (same id, no checkout any more) and its build half.</summary>
    private static IEnumerable<(string Path, Workflow Workflow, Job Job)> WrittenJobs(RepositorySnapshot before, RepositorySnapshot after)
    {
        foreach (var (path, text) in after.Files.Where(f => FilesOfInterest.IsWorkflow(f.Key)))
        {
            if (!before.Files.TryGetValue(path, out var old) || old == text)
            {
                continue;
            }

            var workflow = Workflow.Parse(path, text);
            var original = Workflow.Parse(path, old);
            foreach (var job in workflow.Jobs.Where(j => IsSplit(original, j)))
            {
                yield return (path, workflow, job);
                foreach (var build in workflow.Jobs.Where(b => job.Needs.Contains(b.Id) && original.Jobs.All(o => o.Id != b.Id)))
                {
                    yield return (path, workflow, build);
                }
            }
        }
    }

    private static IEnumerable<(Workflow Workflow, Job Job)> SplitJobs(string caseDir)
    {
        var root = Repo.PathOf("tests", "Reconciler.Tests", caseDir);
        var expected = Path.Combine(root, "expected", ".github", "workflows");
        if (!Directory.Exists(expected))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(expected).Order(StringComparer.Ordinal))
        {
            var input = Path.Combine(root, "input", ".github", "workflows", Path.GetFileName(file));
            if (!File.Exists(input))
            {
                continue;
            }

            var original = Workflow.Parse(input, File.ReadAllText(input));
            var workflow = Workflow.Parse(file, File.ReadAllText(file));
            foreach (var job in workflow.Jobs.Where(j => IsSplit(original, j)))
            {
                yield return (workflow, job);
            }
        }
    }

    /// <summary>A job that checked out before and now only downloads an artifact: the publish half of a split.</summary>
    private static bool IsSplit(Workflow original, Job job) =>
        original.Jobs.FirstOrDefault(o => o.Id == job.Id) is { } before
        && before.Steps.Any(s => s.Uses?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true)
        && !job.Steps.Any(s => s.Uses?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true)
        && job.Steps.Any(s => s.Uses?.StartsWith("actions/download-artifact@", StringComparison.Ordinal) == true);

    private static IEnumerable<string> EnvNames(YMap map) => (map.Map("env")?.Entries ?? []).Select(e => e.KeyText);

    /// <summary>
    /// <c>$NAME</c> and <c>${NAME}</c> outside single quotes, not <c>${NAME:-x}</c>/<c>${NAME-x}</c> (nor inside
    /// <c>${NAME:+…}</c>, read only when NAME is set), minus runner variables and what the script assigns itself.
    /// </summary>
    private static List<string> ReadsWithoutDefault(string script)
    {
        var text = string.Join("\n", script.Split('\n').Select(l => l.TrimStart().StartsWith('#') ? "" : l));
        text = Regex.Replace(text, "'[^'\n]*'", "''");
        text = Regex.Replace(text, @"\$\{\w+:?\+[^}]*\}", "");
        var assigned = Regex.Matches(text, @"(?m)(?:^\s*|;\s*|\bexport\s+)(\w+)=").Select(m => m.Groups[1].Value)
            .Concat(Regex.Matches(text, @"\bread\s+(?:-\w+\s+)*(\w+)").Select(m => m.Groups[1].Value))
            .Concat(Regex.Matches(text, @"\bfor\s+(\w+)\s+in\b").Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        return Regex.Matches(text, @"\$\{(\w+)(:?[-=])?|\$(\w+)")
            .Where(m => !m.Groups[2].Success)
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[3].Value)
            .Where(v => !char.IsDigit(v[0]) && !assigned.Contains(v) && !RunnerVariables.Contains(v)
                && !v.StartsWith("GITHUB_", StringComparison.Ordinal) && !v.StartsWith("RUNNER_", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex(@"\bneeds\.([A-Za-z_][A-Za-z0-9_-]*)\.")]
    private static partial Regex NeedsReference();
}
