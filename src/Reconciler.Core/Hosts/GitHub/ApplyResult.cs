using System.Text.Json.Serialization;

namespace Reconciler.Core.Hosts.GitHub;

[JsonConverter(typeof(JsonStringEnumConverter<ApplyOutcome>))]
public enum ApplyOutcome
{
    /// <summary>A pull request was opened.</summary>
    [JsonStringEnumMemberName("created")]
    Created,

    /// <summary>Our open pull request (and branch) were brought up to date.</summary>
    [JsonStringEnumMemberName("updated")]
    Updated,

    /// <summary>Nothing to write: the repository, or our open pull request, is current.</summary>
    [JsonStringEnumMemberName("up-to-date")]
    UpToDate,

    /// <summary>Left alone on purpose (skipped in the plan, a human commit on our branch, a pull request closed as not wanted).</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,

    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>What apply did to one repository.</summary>
public sealed record ApplyResult(string Repository, ApplyOutcome Outcome, string Message, int? PullRequestNumber = null, string? PullRequestUrl = null)
{
    public override string ToString() => $"{Repository}: {Message}";
}

/// <summary>Applies a repository's setting changes (issue 6 plugs in here); runs before the pull request is opened.</summary>
public interface IGitHubSettingsWriter
{
    /// <summary>Returns a line for the report, or throws (the repository then fails and the sweep goes on).</summary>
    Task<string?> ApplyAsync(GitHubConnection connection, GitHubRepository repository, Planning.RepositoryPlan plan, CancellationToken cancellationToken);
}
