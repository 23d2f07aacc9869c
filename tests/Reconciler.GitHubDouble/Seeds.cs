using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Reconciler.GitHubDouble.State;

namespace Reconciler.GitHubDouble;

/// <summary>Options for <see cref="GitHubDouble.StartAsync"/>.</summary>
public sealed class GitHubDoubleOptions
{
    /// <summary>Listen URL; port 0 picks a free port. Must be loopback.</summary>
    public string Url { get; init; } = "http://127.0.0.1:0";
    /// <summary>The default PAT (admin on everything) and its user.</summary>
    public string DefaultToken { get; init; } = "ghp_double_default_token";
    public string DefaultUser { get; init; } = "octocat";
    public int DefaultRateLimit { get; init; } = 5000;
    public TimeProvider Time { get; init; } = TimeProvider.System;
    /// <summary>Stop on Ctrl+C/SIGTERM (stand-alone use); in-process doubles leave console signals alone.</summary>
    public bool HandleConsoleSignals { get; init; }
    /// <summary>Optional seed file (JSON) applied at start.</summary>
    public string? SeedFile { get; init; }
}

/// <summary>How to seed a repository.</summary>
public sealed class RepoSeed
{
    public string DefaultBranch { get; init; } = "main";
    public bool Archived { get; init; }
    public bool Disabled { get; init; }
    public bool Fork { get; init; }
    public bool IsTemplate { get; init; }
    public IReadOnlyList<string> Topics { get; init; } = [];
    /// <summary>"public", "private" or "internal".</summary>
    public string Visibility { get; init; } = "private";
    public string? Description { get; init; }
    public string? Language { get; init; }
    /// <summary>No commits and no branches at all (GitHub answers 409 "Git Repository is empty.").</summary>
    public bool Empty { get; init; }
    /// <summary>Files of the initial commit on the default branch (path → UTF-8 text). A README is added when empty.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();
    /// <summary>Creation time; defaults to a deterministic date derived from the seed order.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>How to seed a token.</summary>
public sealed class TokenSeed
{
    /// <summary>Token string; generated when null.</summary>
    public string? Value { get; init; }
    public int RateLimit { get; init; } = 5000;
    /// <summary>Access on repositories not named below (Admin by default).</summary>
    public Access DefaultAccess { get; init; } = Access.Admin;
    /// <summary>Per-organization access ("acme" → Read; None hides the org and its repos).</summary>
    public IReadOnlyDictionary<string, Access> OrgAccess { get; init; } = new Dictionary<string, Access>();
    /// <summary>Per-repository access ("acme/api" → Write).</summary>
    public IReadOnlyDictionary<string, Access> RepoAccess { get; init; } = new Dictionary<string, Access>();
}

/// <summary>How to seed an environment.</summary>
public sealed class EnvironmentSeed
{
    public int WaitTimer { get; init; }
    public bool PreventSelfReview { get; init; }
    public IReadOnlyList<(string Type, long Id)> Reviewers { get; init; } = [];
    /// <summary>Null = all branches may deploy.</summary>
    public (bool ProtectedBranches, bool CustomBranchPolicies)? BranchPolicy { get; init; }
    /// <summary>Custom deployment branch policies as (name pattern, "branch"|"tag").</summary>
    public IReadOnlyList<(string Name, string Type)> Policies { get; init; } = [];
}

/// <summary>A seeded GitHub App: its id, slug, client id and the private key to sign JWTs.</summary>
public sealed class AppHandle
{
    internal AppHandle(long id, string slug, string clientId, RSA key)
    {
        Id = id;
        Slug = slug;
        ClientId = clientId;
        Key = key;
    }

    public long Id { get; }
    public string Slug { get; }
    public string ClientId { get; }
    /// <summary>The RSA key (private part included when the double generated it).</summary>
    public RSA Key { get; }

    /// <summary>PKCS#1 PEM ("BEGIN RSA PRIVATE KEY") as GitHub hands out.</summary>
    public string PrivateKeyPem => Key.ExportRSAPrivateKeyPem();

    /// <summary>Builds an RS256 JWT (iat = now-60, exp = now+540) signed with <see cref="Key"/>.</summary>
    public string CreateJwt(DateTimeOffset now, string? issuer = null, TimeSpan? lifetime = null)
    {
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));
        var payload = B64(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["iat"] = now.AddSeconds(-60).ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime ?? TimeSpan.FromSeconds(540)).ToUnixTimeSeconds(),
            ["iss"] = issuer ?? ClientId,
        }.ToJsonString()));
        var sig = Key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + B64(sig);
    }
}

/// <summary>A read-only view of a pull request for assertions.</summary>
public sealed record PullRequestSnapshot(
    int Number,
    string Title,
    string? Body,
    string State,
    string Head,
    string Base,
    IReadOnlyList<string> Labels,
    bool Merged,
    string User);
