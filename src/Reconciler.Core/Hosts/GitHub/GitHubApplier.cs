using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Octokit;
using Octokit.Internal;
using Reconciler.Core.Planning;
using Reconciler.Core.Repositories;
using Plan = Reconciler.Core.Planning.Plan;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>
/// Carries a plan out on GitHub, one repository at a time: for the file changes, one branch
/// (<see cref="Policy.Policy.PullRequestBranch"/>), one commit made with the Git Data API on the default branch's
/// head (a tree with inline content, a commit, a ref), and one pull request with a hidden marker and the policy's
/// labels. Idempotent, and careful: nothing is written when our branch and pull request are current; a commit on our
/// branch that we didn't make is never overwritten; a pull request of ours closed without merging means "not wanted"
/// until the policy's digest changes; the default branch is never written (and <see cref="WriteGuard"/> enforces it
/// below every call); a repository whose default branch moved since the plan is refused.
/// </summary>
public sealed partial class GitHubApplier(GitHubHost host, Policy.Policy policy, PullRequestBodyRenderer? renderer = null, IGitHubSettingsWriter? settings = null)
{
    /// <summary>Trailer naming the policy in every commit we make.</summary>
    public const string PolicyTrailer = "Reconcile-Policy";

    /// <summary>Trailer carrying the digest of the files the commit sets; how we know a branch head is ours and current.</summary>
    public const string ContentTrailer = "Reconcile-Content";

    /// <summary>Trailer carrying the tree the commit was made with: a commit whose tree differs (e.g. amended) isn't ours.</summary>
    public const string TreeTrailer = "Reconcile-Tree";

    private readonly PullRequestBodyRenderer _render = renderer ?? ((plan, planPolicy) => Rendering.PullRequestBody.Render(plan, planPolicy, policy.For(plan.Repository).PullRequest.Title));

    private GitHubConnection Connection => host.Connection;

    private IApiConnection Api => host.Connection.Api;

    /// <summary>The hidden marker that identifies our pull requests, and the policy digest they were made with.</summary>
    public static string Marker(string policyName, string digest) => Rendering.PullRequestBody.Marker(new PlanPolicy(policyName, digest));

    /// <summary>Content-creating requests a plan's rollout makes at most (tree, commit, ref, pull request, labels per repository).</summary>
    public static int ContentRequests(Plan plan, Policy.Policy policy) =>
        plan.Repositories.Where(r => r.Status == RepositoryStatus.Drift && r.Changes.OfType<FileChange>().Any())
            .Sum(r => 4 + (policy.For(r.Repository).PullRequest.Labels.Count > 0 ? 1 : 0));

    public async Task<IReadOnlyList<ApplyResult>> ApplyAsync(Plan plan, Action<ApplyResult>? progress, CancellationToken cancellationToken)
    {
        var results = new List<ApplyResult>();
        foreach (var repo in plan.Repositories)
        {
            var result = await ApplyRepositoryAsync(repo, cancellationToken);
            progress?.Invoke(result);
            results.Add(result);
        }

        return results;
    }

    public async Task<ApplyResult> ApplyRepositoryAsync(RepositoryPlan plan, CancellationToken cancellationToken)
    {
        var name = plan.Repository;
        switch (plan.Status)
        {
            case RepositoryStatus.Skipped:
                return new ApplyResult(name, ApplyOutcome.Skipped, "skipped: " + plan.Reason);
            case RepositoryStatus.Error:
                return new ApplyResult(name, ApplyOutcome.Failed, "error: not applied, the plan failed: " + plan.Error);
            case RepositoryStatus.InSync:
                return new ApplyResult(name, ApplyOutcome.UpToDate, "up to date");
        }

        try
        {
            return await ApplyDriftAsync(plan, cancellationToken);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or HostException or UnsafeWriteException or RepositorySkippedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ApplyResult(name, ApplyOutcome.Failed, "error: " + GitHubErrors.Describe(ex, name));
        }
    }

    private async Task<ApplyResult> ApplyDriftAsync(RepositoryPlan plan, CancellationToken cancellationToken)
    {
        var name = plan.Repository;
        if (!ApiPath.IsRepositoryName(name))
        {
            return new ApplyResult(name, ApplyOutcome.Failed, $"error: '{SavedPlanCheck.Printable(name)}' is not a repository name (owner/name); not applied");
        }

        // Without the branch and commit the plan was made at, "the branch moved" can't be checked: refuse, never skip the check.
        if (plan.DefaultBranch is not { } planned || plan.HeadSha is not { } plannedHead)
        {
            return new ApplyResult(name, ApplyOutcome.Failed, "error: the plan doesn't say which default branch and commit it was made at; not applied, plan again");
        }

        var repo = await host.RepositoryAsync(name);
        if (repo.LookupError is { } lookup)
        {
            return new ApplyResult(name, ApplyOutcome.Failed, "error: " + lookup);
        }

        // Every write below goes to repo.FullName: it must be the repository this plan entry names.
        if (!string.Equals(repo.FullName, name, StringComparison.OrdinalIgnoreCase))
        {
            return new ApplyResult(name, ApplyOutcome.Failed, $"error: GitHub answers for {name} with {repo.FullName} (renamed or transferred since the plan); not applied, plan again");
        }

        if (planned != repo.DefaultBranch)
        {
            return new ApplyResult(name, ApplyOutcome.Failed, $"error: the default branch changed since the plan ({planned} → {repo.DefaultBranch}); plan again");
        }

        var head = await host.HeadAsync(repo);
        if (plannedHead != head)
        {
            return new ApplyResult(name, ApplyOutcome.Failed, $"error: {repo.DefaultBranch} moved since the plan (planned at {Short(plannedHead)}, now {Short(head)}); plan again");
        }

        // A saved plan is only JSON: never commit a file the planner doesn't write (a workflow, an action's metadata,
        // a generator ignore file, Dependabot's config), whatever the document says.
        var ignoreFiles = policy.For(name, repo.Topics).Generators.IgnoreFiles;
        if (plan.Changes.OfType<FileChange>().FirstOrDefault(f => !FilesOfInterest.IsWritable(f.Path, ignoreFiles)) is { } stray)
        {
            return new ApplyResult(name, ApplyOutcome.Failed, $"error: the plan changes {SavedPlanCheck.Printable(stray.Path)}, which Reconcile never writes (only workflows, actions' metadata, generator ignore files and Dependabot's config); not applied");
        }

        // Settings first: a pull request that references a protected environment must never land before it exists.
        var notes = new List<string>();
        var settingsApplied = false;
        if (plan.Changes.OfType<SettingChange>().Any())
        {
            if (settings is null)
            {
                notes.Add($"{plan.Changes.OfType<SettingChange>().Count()} setting change(s) not applied (settings apply is not available yet)");
            }
            else
            {
                notes.Add(await settings.ApplyAsync(Connection, repo, plan, cancellationToken) ?? "settings applied");
                settingsApplied = true;
            }
        }

        if (settingsApplied)
        {
            // The body says what merging does. The settings were applied just now, not by the merge: leave them (and
            // the findings they fix) out, so the body is the same once they converge and a second apply updates nothing.
            plan = WithoutAppliedSettings(plan);
        }

        var files = plan.Changes.OfType<FileChange>().OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            var manual = plan.Changes.OfType<ManualChange>().Count();
            notes.Add(manual > 0 ? $"{manual} manual step(s) listed in the plan" : "no file changes");
            return new ApplyResult(name, settingsApplied ? ApplyOutcome.Updated : ApplyOutcome.UpToDate, string.Join("; ", notes));
        }

        var spec = policy.For(name, repo.Topics);
        var branch = policy.PullRequestBranch;
        var contentDigest = ContentDigest(files);
        var marker = Marker(policy.Name, policy.Digest);
        var rendered = _render(plan, new PlanPolicy(policy.Name, policy.Digest)).TrimEnd() + "\n";
        var body = rendered.Contains(marker, StringComparison.Ordinal) ? rendered : rendered + "\n" + marker + "\n";
        var title = spec.PullRequest.Title;

        // Our pull requests for the branch, newest first.
        var pulls = await OurPullRequestsAsync(repo, branch);
        var open = pulls.FirstOrDefault(p => p.State.StringValue == "open");
        var latest = pulls.FirstOrDefault();
        if (open is null && latest is not null && latest.MergedAt is null && DigestOf(latest.Body) == policy.Digest)
        {
            return new ApplyResult(name, ApplyOutcome.Skipped, $"skipped: pull request #{latest.Number} was closed without merging; not wanted until the policy changes", latest.Number, latest.HtmlUrl);
        }

        // Our branch: absent, ours and current, ours and stale, or carrying someone else's commit.
        var branchHead = await BranchHeadAsync(repo, branch);
        var current = false;
        if (branchHead is not null)
        {
            var commit = await Api.Get<Commit>(ApiPath.Relative($"{ApiPath.Repository(name)}/git/commits/{ApiPath.Segment(branchHead)}"));
            if (Trailer(commit.Message, PolicyTrailer) is null || Trailer(commit.Message, ContentTrailer) is not { } made || Trailer(commit.Message, TreeTrailer) != commit.Tree?.Sha)
            {
                var who = commit.Author?.Name ?? commit.Committer?.Name ?? "someone";
                return new ApplyResult(name, ApplyOutcome.Skipped, $"skipped: human commit on branch {branch} ({Short(branchHead)} by {who}); not overwritten", open?.Number, open?.HtmlUrl);
            }

            current = made == contentDigest;
        }

        var wrote = false;
        if (!current)
        {
            var sha = await CommitAsync(repo, head, files, spec.PullRequest.Title, contentDigest);
            await MoveBranchAsync(repo, branch, sha, exists: branchHead is not null);
            wrote = true;
        }

        ApplyResult result;
        if (open is not null)
        {
            if (open.Title != title || Normalize(open.Body) != Normalize(body))
            {
                await Api.Patch<PullRequest>(ApiPath.Relative($"{ApiPath.Repository(name)}/pulls/{open.Number}"), new Dictionary<string, object> { ["title"] = title, ["body"] = body });
                wrote = true;
            }

            result = wrote
                ? new ApplyResult(name, ApplyOutcome.Updated, $"updated pull request #{open.Number} {open.HtmlUrl}", open.Number, open.HtmlUrl)
                : new ApplyResult(name, ApplyOutcome.UpToDate, $"up to date: pull request #{open.Number} {open.HtmlUrl}", open.Number, open.HtmlUrl);
            await LabelAsync(repo, open.Number, spec.PullRequest.Labels, open.Labels.Select(l => l.Name));
        }
        else
        {
            var created = await CreatePullRequestAsync(repo, branch, title, body);
            result = new ApplyResult(name, ApplyOutcome.Created, $"opened pull request #{created.Number} {created.HtmlUrl}", created.Number, created.HtmlUrl);
            await LabelAsync(repo, created.Number, spec.PullRequest.Labels, created.Labels?.Select(l => l.Name) ?? []);
        }

        return notes.Count == 0 ? result : result with { Message = result.Message + "; " + string.Join("; ", notes) };
    }

    private async Task<IReadOnlyList<PullRequest>> OurPullRequestsAsync(GitHubRepository repo, string branch)
    {
        var all = await Api.GetAll<PullRequest>(
            ApiPath.Relative($"{ApiPath.Repository(repo.FullName)}/pulls"),
            new Dictionary<string, string> { ["state"] = "all", ["head"] = repo.Owner + ":" + branch, ["sort"] = "created", ["direction"] = "desc" },
            new ApiOptions { PageSize = 100 });
        var prefix = $"<!-- reconcile:policy={policy.Name} ";
        return [.. all.Where(p => p.Body?.Contains(prefix, StringComparison.Ordinal) == true).OrderByDescending(p => p.Number)];
    }

    private async Task<string?> BranchHeadAsync(GitHubRepository repo, string branch)
    {
        try
        {
            var reference = await Api.Get<Reference>(ApiPath.Relative($"{ApiPath.Repository(repo.FullName)}/git/ref/heads/{ApiPath.Segments(branch)}"));
            return reference?.Object?.Sha;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>One commit on the default branch's head carrying every file change (content inline in the tree).</summary>
    private async Task<string> CommitAsync(GitHubRepository repo, string head, IReadOnlyList<FileChange> files, string title, string contentDigest)
    {
        var name = repo.FullName;
        var tree = await Api.Get<TreeResponse>(ApiPath.Relative($"{ApiPath.Repository(name)}/git/trees/{ApiPath.Segment(head)}"), new Dictionary<string, string> { ["recursive"] = "1" });
        var modes = tree.Tree.ToDictionary(e => e.Path, e => e.Mode, StringComparer.Ordinal);
        var entries = new List<object>();
        foreach (var f in files)
        {
            var mode = modes.GetValueOrDefault(f.Path) is { } m && m is "100644" or "100755" ? m : "100644";
            entries.Add(f.Action == ChangeAction.Delete
                ? new DeletedEntry { Path = f.Path, Mode = mode, Type = "blob" }
                : new ContentEntry { Path = f.Path, Mode = mode, Type = "blob", Content = f.Content });
        }

        var newTree = await Api.Post<TreeResponse>(ApiPath.Relative($"{ApiPath.Repository(name)}/git/trees"), new NewTreeBody { BaseTree = tree.Sha, Tree = entries });
        var message = new StringBuilder(title).Append("\n\n");
        foreach (var f in files)
        {
            message.Append("- ").Append(f.Path).Append(f.Rules.Count > 0 ? " (" + string.Join(", ", f.Rules) + ")" : "").Append('\n');
        }

        message.Append('\n').Append(PolicyTrailer).Append(": ").Append(policy.Name).Append(' ').Append(policy.Digest).Append('\n');
        message.Append(ContentTrailer).Append(": ").Append(contentDigest).Append('\n');
        message.Append(TreeTrailer).Append(": ").Append(newTree.Sha).Append('\n');
        var commit = await Api.Post<Commit>(ApiPath.Relative($"{ApiPath.Repository(name)}/git/commits"), new Dictionary<string, object>
        {
            ["message"] = message.ToString(),
            ["tree"] = newTree.Sha,
            ["parents"] = new[] { head },
        });
        return commit.Sha;
    }

    private async Task MoveBranchAsync(GitHubRepository repo, string branch, string sha, bool exists)
    {
        if (exists)
        {
            await Api.Patch<Reference>(ApiPath.Relative($"{ApiPath.Repository(repo.FullName)}/git/refs/heads/{ApiPath.Segments(branch)}"), new Dictionary<string, object> { ["sha"] = sha, ["force"] = true });
            return;
        }

        try
        {
            await Api.Post<Reference>(ApiPath.Relative($"{ApiPath.Repository(repo.FullName)}/git/refs"), new Dictionary<string, object> { ["ref"] = "refs/heads/" + branch, ["sha"] = sha });
        }
        catch (ApiValidationException ex) when (GitHubErrors.AllText(ex).Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            throw new HostException($"{repo.FullName}: branch {branch} appeared while we were writing it; not overwritten (run apply again)", ex);
        }
    }

    private async Task<PullRequest> CreatePullRequestAsync(GitHubRepository repo, string branch, string title, string body)
    {
        try
        {
            return await Api.Post<PullRequest>(ApiPath.Relative($"{ApiPath.Repository(repo.FullName)}/pulls"), new Dictionary<string, object>
            {
                ["title"] = title,
                ["head"] = branch,
                ["base"] = repo.DefaultBranch,
                ["body"] = body,
            });
        }
        catch (ApiValidationException ex) when (GitHubErrors.AllText(ex).Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            // A retried create that had in fact succeeded, or a pull request a human opened from our branch.
            var existing = await Api.GetAll<PullRequest>(
                ApiPath.Relative($"{ApiPath.Repository(repo.FullName)}/pulls"),
                new Dictionary<string, string> { ["state"] = "open", ["head"] = repo.Owner + ":" + branch },
                new ApiOptions { PageSize = 100 });
            return existing.FirstOrDefault() ?? throw new HostException($"{repo.FullName}: GitHub says a pull request from {branch} exists but lists none", ex);
        }
    }

    private async Task LabelAsync(GitHubRepository repo, int number, IReadOnlyList<string> wanted, IEnumerable<string> present)
    {
        var missing = wanted.Except(present, StringComparer.OrdinalIgnoreCase).ToArray();
        if (missing.Length > 0)
        {
            await Api.Post<IReadOnlyList<Label>>(ApiPath.Relative($"{ApiPath.Repository(repo.FullName)}/issues/{number}/labels"), new Dictionary<string, object> { ["labels"] = missing });
        }
    }

    /// <summary>A repository plan without its setting changes and the settings findings they fix.</summary>
    public static RepositoryPlan WithoutAppliedSettings(RepositoryPlan plan) => plan with
    {
        Changes = [.. plan.Changes.Where(c => c is not SettingChange)],
        Findings = [.. plan.Findings.Where(f => !(f.Fixed && f.Rule is "environment-protection" or "branch-protection" or "actions-settings"))],
    };

    /// <summary>SHA-256 over the files a commit sets (path, action, content), in path order.</summary>
    public static string ContentDigest(IEnumerable<FileChange> files)
    {
        var sb = new StringBuilder();
        foreach (var f in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            sb.Append(f.Path).Append('\0').Append(f.Action).Append('\0').Append(f.Action == ChangeAction.Delete ? "" : f.Content).Append('\0');
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>The value of a <c>Key: value</c> trailer line in a commit message, or null.</summary>
    public static string? Trailer(string? message, string key)
    {
        if (message is null)
        {
            return null;
        }

        foreach (var line in message.Split('\n'))
        {
            if (line.StartsWith(key + ": ", StringComparison.Ordinal))
            {
                var value = line[(key.Length + 2)..].Trim();
                return key == PolicyTrailer ? value : value.Split(' ')[0];
            }
        }

        return null;
    }

    /// <summary>The policy digest in a pull request body's marker, or null.</summary>
    public static string? DigestOf(string? body) => body is not null && MarkerPattern().Match(body) is { Success: true } m ? m.Groups["digest"].Value : null;

    private static string Normalize(string? s) => (s ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    private static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;

    [GeneratedRegex(@"<!-- reconcile:policy=(?<name>\S+) digest=(?<digest>\S+) -->")]
    private static partial Regex MarkerPattern();

    private sealed class NewTreeBody
    {
        public string BaseTree { get; set; } = "";

        public List<object> Tree { get; set; } = [];
    }

    private sealed class ContentEntry
    {
        public string Path { get; set; } = "";

        public string Mode { get; set; } = "100644";

        public string Type { get; set; } = "blob";

        public string Content { get; set; } = "";
    }

    /// <summary>A deletion: <c>"sha": null</c> must be on the wire (Octokit drops nulls unless told).</summary>
    private sealed class DeletedEntry
    {
        public string Path { get; set; } = "";

        public string Mode { get; set; } = "100644";

        public string Type { get; set; } = "blob";

        [SerializeNull]
        public string? Sha { get; set; }
    }
}
