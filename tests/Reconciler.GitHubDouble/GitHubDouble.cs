using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Reconciler.GitHubDouble.Git;
using Reconciler.GitHubDouble.Handlers;
using Reconciler.GitHubDouble.Http;
using Reconciler.GitHubDouble.State;

namespace Reconciler.GitHubDouble;

/// <summary>
/// A stateful GitHub REST API emulator served by Kestrel on 127.0.0.1 (real HTTP, no TestServer).
/// Start it with <see cref="StartAsync"/>, seed it, point a client at <see cref="BaseUri"/>
/// (or <see cref="EnterpriseBaseUri"/>), then assert on <see cref="Requests"/> and the inspection methods.
/// </summary>
public sealed class GitHubDouble : IAsyncDisposable
{
    private static readonly DateTimeOffset SeedEpoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly WebApplication _app;
    private int _seedCounter;

    private GitHubDouble(WebApplication app, DoubleState state, RouteTable routes, FaultInjector faults, RequestLog log, Uri baseUri, string defaultToken)
    {
        _app = app;
        State = state;
        RouteTable = routes;
        Faults = faults;
        Requests = log;
        BaseUri = baseUri;
        DefaultToken = defaultToken;
    }

    /// <summary>Root of the API, ending in "/": use with <c>new Connection(header, BaseUri)</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The same routes under /api/v3/ (what <c>new GitHubClient(header, hostUri)</c> rewrites to).</summary>
    public Uri EnterpriseBaseUri => new(BaseUri, "api/v3/");

    /// <summary>A PAT with admin rights on everything, owned by the default user.</summary>
    public string DefaultToken { get; }

    /// <summary>Raw state; lock <see cref="DoubleState.Lock"/> when touching it directly.</summary>
    public DoubleState State { get; }

    public FaultInjector Faults { get; }

    public RequestLog Requests { get; }

    internal RouteTable RouteTable { get; }

    /// <summary>Every (method, spec-style template) the double serves.</summary>
    public IReadOnlyList<DoubleRoute> Routes => RouteTable.Routes;

    /// <summary>The route table, without starting a server (for contract tests).</summary>
    public static IReadOnlyList<DoubleRoute> AllRoutes() => BuildRoutes().Routes;

    private static RouteTable BuildRoutes()
    {
        var routes = new RouteTable();
        CoreHandlers.Map(routes);
        GitHandlers.Map(routes);
        PullHandlers.Map(routes);
        ProtectionHandlers.Map(routes);
        SettingsHandlers.Map(routes);
        return routes;
    }

    public static async Task<GitHubDouble> StartAsync(GitHubDoubleOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GitHubDoubleOptions();
        var state = new DoubleState { Time = options.Time };
        var routes = BuildRoutes();
        var faults = new FaultInjector();
        var log = new RequestLog();
        var pipeline = new Pipeline(state, routes, faults, log);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Url);
        if (!options.HandleConsoleSignals)
        {
            builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        }
        var app = builder.Build();
        app.Map("/{**path}", pipeline.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseUri = new Uri(address.TrimEnd('/') + "/");

        var gh = new GitHubDouble(app, state, routes, faults, log, baseUri, options.DefaultToken);
        lock (state.Lock)
        {
            state.Tokens[Auth.AnonymousKey] = new TokenState
            {
                Value = Auth.AnonymousKey,
                Kind = TokenKind.Anonymous,
                Login = "",
                RateLimit = 60,
                DefaultAccess = Access.None,
                ResetAt = state.Now.AddHours(1),
            };
        }
        gh.AddUser(options.DefaultUser, 1);
        gh.AddToken(options.DefaultUser, new TokenSeed { Value = options.DefaultToken, RateLimit = options.DefaultRateLimit });
        if (options.SeedFile is not null)
        {
            SeedFile.Apply(gh, options.SeedFile);
        }
        return gh;
    }

    /// <summary>Completes when the host stops (Ctrl+C / SIGTERM when <see cref="GitHubDoubleOptions.HandleConsoleSignals"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    private sealed class NoSignalLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Runs <paramref name="f"/> under the state lock.</summary>
    public T Inspect<T>(Func<DoubleState, T> f)
    {
        lock (State.Lock)
        {
            return f(State);
        }
    }

    /// <summary>Moves the double's clock (token expiry, rate-limit windows).</summary>
    public void AdvanceTime(TimeSpan by) => State.Advance(by);

    private DateTimeOffset NextSeedTime() => SeedEpoch.AddHours(Interlocked.Increment(ref _seedCounter));

    private Repo RepoOrThrow(string owner, string repo) =>
        State.FindRepo(owner, repo) ?? throw new InvalidOperationException($"No repository {owner}/{repo} seeded.");

    // ---------------------------------------------------------------- seeding

    public Account AddOrg(string login, long? id = null, string? name = null, string? description = null) =>
        AddAccount(login, id, "Organization", name, description);

    public Account AddUser(string login, long? id = null, string? name = null) => AddAccount(login, id, "User", name, null);

    private Account AddAccount(string login, long? id, string type, string? name, string? description)
    {
        lock (State.Lock)
        {
            var a = new Account
            {
                Login = login,
                Id = id ?? State.NextId(),
                Type = type,
                Name = name ?? login,
                Description = description,
                CreatedAt = NextSeedTime(),
            };
            State.Accounts[login] = a;
            return a;
        }
    }

    /// <summary>Adds a repository with an initial commit on its default branch (unless <see cref="RepoSeed.Empty"/>).</summary>
    public Repo AddRepo(string owner, string name, RepoSeed? seed = null)
    {
        seed ??= new RepoSeed();
        lock (State.Lock)
        {
            var account = State.Accounts.GetValueOrDefault(owner) ?? throw new InvalidOperationException($"Seed the account {owner} first.");
            var created = seed.CreatedAt ?? NextSeedTime();
            var repo = new Repo
            {
                Id = State.NextId(),
                Owner = account,
                Name = name,
                DefaultBranch = seed.DefaultBranch,
                Archived = seed.Archived,
                Disabled = seed.Disabled,
                Fork = seed.Fork,
                IsTemplate = seed.IsTemplate,
                Topics = [.. seed.Topics],
                Visibility = seed.Visibility,
                Description = seed.Description,
                Language = seed.Language,
                CreatedAt = created,
                UpdatedAt = created,
                PushedAt = seed.Empty ? null : created,
            };
            if (!seed.Empty)
            {
                var files = seed.Files.Count > 0
                    ? seed.Files.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)
                    : new Dictionary<string, string?> { ["README.md"] = $"# {name}\n" };
                repo.Git.CommitFiles(seed.DefaultBranch, files, "Initial commit", GitSignature.Default(created));
            }
            foreach (var (label, color) in new[] { ("bug", "d73a4a"), ("documentation", "0075ca"), ("enhancement", "a2eeef") })
            {
                repo.Labels.Add(new LabelState { Id = State.NextId(), Name = label, Color = color, Default = true });
            }
            State.Repos[repo.FullName] = repo;
            return repo;
        }
    }

    /// <summary>Pushes a commit as "a human" (not through the API); null content deletes a file. Returns the commit SHA.</summary>
    public string PushCommit(string owner, string repo, string branch, IReadOnlyDictionary<string, string?> files, string message = "Manual change", GitSignature? author = null)
    {
        lock (State.Lock)
        {
            var r = RepoOrThrow(owner, repo);
            var sig = author ?? new GitSignature("A Human", "human@example.com", State.Now);
            var c = r.Git.CommitFiles(branch, files, message, sig);
            r.PushedAt = sig.Date;
            return c.Sha;
        }
    }

    /// <summary>Creates or moves refs/heads/<paramref name="branch"/> to what <paramref name="fromRev"/> names.</summary>
    public string SetBranch(string owner, string repo, string branch, string fromRev)
    {
        lock (State.Lock)
        {
            var r = RepoOrThrow(owner, repo);
            var c = r.Git.ResolveCommit(fromRev) ?? throw new InvalidOperationException($"Unknown revision {fromRev}.");
            r.Git.SetRef("refs/heads/" + branch, c.Sha);
            return c.Sha;
        }
    }

    /// <summary>refs/tags/<paramref name="tag"/> → the commit <paramref name="targetRev"/> names. Returns the commit SHA.</summary>
    public string AddLightweightTag(string owner, string repo, string tag, string targetRev)
    {
        lock (State.Lock)
        {
            var r = RepoOrThrow(owner, repo);
            var sha = r.Git.ResolveObject(targetRev) ?? throw new InvalidOperationException($"Unknown revision {targetRev}.");
            r.Git.SetRef("refs/tags/" + tag, sha);
            return sha;
        }
    }

    /// <summary>
    /// Creates an annotated tag object pointing at <paramref name="targetRevOrSha"/> (a commit, or another tag object's SHA
    /// for a nested tag) and points refs/tags/<paramref name="tag"/> at it. Returns the tag object's SHA.
    /// </summary>
    public string AddAnnotatedTag(string owner, string repo, string tag, string targetRevOrSha, string? message = null, bool updateRef = true)
    {
        lock (State.Lock)
        {
            var r = RepoOrThrow(owner, repo);
            var target = r.Git.Contains(targetRevOrSha) ? targetRevOrSha.ToLowerInvariant()
                : r.Git.ResolveObject(targetRevOrSha) ?? throw new InvalidOperationException($"Unknown revision {targetRevOrSha}.");
            var t = r.Git.AddTag(tag, target, new GitSignature("Release Bot", "release@example.com", NextSeedTime()), message ?? tag);
            if (updateRef)
            {
                r.Git.SetRef("refs/tags/" + tag, t.Sha);
            }
            return t.Sha;
        }
    }

    public EnvironmentState AddEnvironment(string owner, string repo, string name, EnvironmentSeed? seed = null)
    {
        seed ??= new EnvironmentSeed();
        lock (State.Lock)
        {
            var r = RepoOrThrow(owner, repo);
            var now = NextSeedTime();
            var env = new EnvironmentState
            {
                Id = State.NextId(),
                Name = name,
                CreatedAt = now,
                UpdatedAt = now,
                WaitTimer = seed.WaitTimer,
                PreventSelfReview = seed.PreventSelfReview,
                Reviewers = [.. seed.Reviewers],
                BranchPolicy = seed.BranchPolicy,
                WaitTimerRuleId = State.NextId(),
                ReviewersRuleId = State.NextId(),
                BranchPolicyRuleId = State.NextId(),
            };
            foreach (var (n, t) in seed.Policies)
            {
                env.Policies.Add(new BranchPolicyState { Id = State.NextId(), Name = n, Type = t });
            }
            r.Environments.RemoveAll(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
            r.Environments.Add(env);
            return env;
        }
    }

    /// <summary>Adds a team to an organization (served by GET /orgs/{org}/teams/{team_slug}). Returns its id.</summary>
    public long AddTeam(string org, string slug)
    {
        lock (State.Lock)
        {
            var id = State.NextId();
            State.Teams[org + "/" + slug] = id;
            return id;
        }
    }

    public void SetBranchProtection(string owner, string repo, string branch, ProtectionState protection)
    {
        lock (State.Lock)
        {
            RepoOrThrow(owner, repo).Protection[branch] = protection;
        }
    }

    /// <summary>Adds a repository ruleset (repository-ruleset JSON: name, target, enforcement, conditions, rules, bypass_actors). Returns its id.</summary>
    public long AddRuleset(string owner, string repo, string rulesetJson)
    {
        var o = JsonNode.Parse(rulesetJson)!.AsObject();
        lock (State.Lock)
        {
            var r = RepoOrThrow(owner, repo);
            var id = o["id"]?.GetValue<long>() ?? State.NextId();
            o["id"] = id;
            o["target"] ??= "branch";
            o["source_type"] ??= "Repository";
            o["source"] ??= r.FullName;
            o["bypass_actors"] ??= new JsonArray();
            o["rules"] ??= new JsonArray();
            var ts = Shapes.Iso(NextSeedTime());
            o["created_at"] ??= ts;
            o["updated_at"] ??= ts;
            r.Rulesets.Add(o);
            return id;
        }
    }

    public void SetWorkflowPermissions(string owner, string repo, string defaultPermissions, bool canApprovePullRequestReviews, bool lockedByOrg = false)
    {
        lock (State.Lock)
        {
            var r = RepoOrThrow(owner, repo);
            r.Workflow.DefaultWorkflowPermissions = defaultPermissions;
            r.Workflow.CanApprovePullRequestReviews = canApprovePullRequestReviews;
            r.WorkflowSettingsLockedByOrg = lockedByOrg;
        }
    }

    /// <summary>Makes recursive tree listings of a repository stop after <paramref name="limit"/> entries with truncated: true.</summary>
    public void TruncateRecursiveTrees(string owner, string repo, int limit)
    {
        lock (State.Lock)
        {
            RepoOrThrow(owner, repo).RecursiveTreeLimit = limit;
        }
    }

    public void SetActionsPermissions(string owner, string repo, bool enabled, string allowedActions = "all", bool shaPinningRequired = false)
    {
        lock (State.Lock)
        {
            var r = RepoOrThrow(owner, repo);
            r.Actions.Enabled = enabled;
            r.Actions.AllowedActions = allowedActions;
            r.Actions.ShaPinningRequired = shaPinningRequired;
        }
    }

    /// <summary>Seeds a pull request (e.g. one a human opened). Returns its number.</summary>
    public int AddPullRequest(string owner, string repo, string head, string @base, string title, string? body = null, string state = "open", IEnumerable<string>? labels = null, string? user = null)
    {
        lock (State.Lock)
        {
            var r = RepoOrThrow(owner, repo);
            var now = State.Now;
            var pr = new PullRequestState
            {
                Id = State.NextId(),
                Number = r.Pulls.Count + 1,
                Title = title,
                Body = body,
                State = state,
                HeadOwner = r.Owner.Login,
                Head = head,
                Base = @base,
                User = user ?? State.Accounts.Values.First(a => a.Type == "User").Login,
                CreatedAt = now,
                UpdatedAt = now,
                ClosedAt = state == "closed" ? now : null,
            };
            foreach (var l in labels ?? [])
            {
                pr.Labels.Add(PullHandlers.EnsureLabel(State, r, l).Name);
            }
            r.Pulls.Add(pr);
            return pr.Number;
        }
    }

    /// <summary>Marks a pull request merged (and closed).</summary>
    public void MergePullRequest(string owner, string repo, int number)
    {
        lock (State.Lock)
        {
            var r = RepoOrThrow(owner, repo);
            var p = r.Pulls.First(x => x.Number == number);
            p.State = "closed";
            p.MergedAt = p.ClosedAt = State.Now;
            p.MergeCommitSha = r.Git.GetRef("refs/heads/" + p.Head);
        }
    }

    /// <summary>Adds a token for <paramref name="login"/> (the user is created when missing). Returns the token string.</summary>
    public string AddToken(string login, TokenSeed? seed = null)
    {
        seed ??= new TokenSeed();
        lock (State.Lock)
        {
            var user = State.Accounts.GetValueOrDefault(login);
            if (user is null)
            {
                user = new Account { Login = login, Id = State.NextId(), Type = "User", Name = login, CreatedAt = SeedEpoch };
                State.Accounts[login] = user;
            }
            var token = new TokenState
            {
                Value = seed.Value ?? "ghp_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18)),
                Kind = TokenKind.PersonalAccessToken,
                Login = login,
                UserId = user.Id,
                RateLimit = seed.RateLimit,
                DefaultAccess = seed.DefaultAccess,
                ResetAt = State.Now.AddHours(1),
            };
            foreach (var (k, v) in seed.OrgAccess)
            {
                token.OrgAccess[k] = v;
            }
            foreach (var (k, v) in seed.RepoAccess)
            {
                token.RepoAccess[k] = v;
            }
            State.Tokens[token.Value] = token;
            return token.Value;
        }
    }

    /// <summary>Sets how many requests a token has left in the current window.</summary>
    public void SetRemaining(string token, int remaining)
    {
        lock (State.Lock)
        {
            var t = State.Tokens[token];
            t.Used = Math.Max(0, t.RateLimit - remaining);
        }
    }

    /// <summary>Registers a GitHub App whose JWTs verify against <paramref name="key"/> (an RSA key is generated when null).</summary>
    public AppHandle AddApp(long appId, string slug, string? clientId = null, RSA? key = null)
    {
        key ??= RSA.Create(2048);
        var handle = new AppHandle(appId, slug, clientId ?? "Iv23li" + appId.ToString(CultureInfo.InvariantCulture), key);
        var publicKey = RSA.Create();
        publicKey.ImportParameters(key.ExportParameters(false));
        lock (State.Lock)
        {
            State.Apps[appId] = new AppState { Id = appId, Slug = slug, ClientId = handle.ClientId, PublicKey = publicKey };
        }
        return handle;
    }

    /// <summary>Installs an App on an account. Permissions default to administration/contents/pull_requests/workflows write.</summary>
    public long AddInstallation(long appId, string account, JsonObject? permissions = null, IEnumerable<string>? repositories = null, long? installationId = null)
    {
        lock (State.Lock)
        {
            var acct = State.Accounts.GetValueOrDefault(account) ?? throw new InvalidOperationException($"Seed the account {account} first.");
            var id = installationId ?? State.NextId();
            State.Installations[id] = new InstallationState
            {
                Id = id,
                AppId = appId,
                Account = acct,
                Permissions = permissions ?? new JsonObject
                {
                    ["administration"] = "write",
                    ["contents"] = "write",
                    ["pull_requests"] = "write",
                    ["issues"] = "write",
                    ["actions"] = "write",
                    ["environments"] = "write",
                    ["workflows"] = "write",
                    ["metadata"] = "read",
                },
                Repositories = repositories is null ? null : new HashSet<string>(repositories, StringComparer.OrdinalIgnoreCase),
                CreatedAt = NextSeedTime(),
            };
            return id;
        }
    }

    // ---------------------------------------------------------------- inspection

    /// <summary>SHA a ref points at ("heads/main", "tags/v1" or "refs/…"), or null.</summary>
    public string? GetRef(string owner, string repo, string refName)
    {
        lock (State.Lock)
        {
            return RepoOrThrow(owner, repo).Git.GetRef(refName.StartsWith("refs/", StringComparison.Ordinal) ? refName : "refs/" + refName);
        }
    }

    /// <summary>All refs of a repository (full name → SHA).</summary>
    public IReadOnlyDictionary<string, string> GetRefs(string owner, string repo)
    {
        lock (State.Lock)
        {
            return new Dictionary<string, string>(RepoOrThrow(owner, repo).Git.Refs);
        }
    }

    /// <summary>UTF-8 text of a file at a revision (branch, tag or SHA; default branch when null), or null when missing.</summary>
    public string? ReadFile(string owner, string repo, string path, string? rev = null)
    {
        lock (State.Lock)
        {
            var r = RepoOrThrow(owner, repo);
            var c = r.Git.ResolveCommit(rev ?? r.DefaultBranch);
            if (c is null || r.Git.FindPath(c.TreeSha, path) is not { Type: "blob" } e)
            {
                return null;
            }
            return Encoding.UTF8.GetString(r.Git.Get<GitBlob>(e.Sha)!.Content);
        }
    }

    /// <summary>Every file (path → text) at a revision.</summary>
    public IReadOnlyDictionary<string, string> ReadTree(string owner, string repo, string? rev = null)
    {
        lock (State.Lock)
        {
            var r = RepoOrThrow(owner, repo);
            var c = r.Git.ResolveCommit(rev ?? r.DefaultBranch) ?? throw new InvalidOperationException($"Unknown revision {rev}.");
            return r.Git.Flatten(c.TreeSha)
                .Where(kv => kv.Value.Type == "blob")
                .ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(r.Git.Get<GitBlob>(kv.Value.Sha)!.Content), StringComparer.Ordinal);
        }
    }

    /// <summary>The commit a revision resolves to (peeling tags).</summary>
    public GitCommit? GetCommit(string owner, string repo, string rev)
    {
        lock (State.Lock)
        {
            return RepoOrThrow(owner, repo).Git.ResolveCommit(rev);
        }
    }

    public IReadOnlyList<PullRequestSnapshot> GetPullRequests(string owner, string repo)
    {
        lock (State.Lock)
        {
            return [.. RepoOrThrow(owner, repo).Pulls.Select(p => new PullRequestSnapshot(
                p.Number, p.Title, p.Body, p.State, p.Head, p.Base, [.. p.Labels], p.MergedAt is not null, p.User))];
        }
    }

    /// <summary>The environment's state (a live object: read it, don't keep it across requests).</summary>
    public EnvironmentState? GetEnvironment(string owner, string repo, string name)
    {
        lock (State.Lock)
        {
            return RepoOrThrow(owner, repo).Environments.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        }
    }

    public ProtectionState? GetBranchProtection(string owner, string repo, string branch)
    {
        lock (State.Lock)
        {
            return RepoOrThrow(owner, repo).Protection.GetValueOrDefault(branch);
        }
    }

    public (string DefaultWorkflowPermissions, bool CanApprovePullRequestReviews) GetWorkflowPermissions(string owner, string repo)
    {
        lock (State.Lock)
        {
            var w = RepoOrThrow(owner, repo).Workflow;
            return (w.DefaultWorkflowPermissions, w.CanApprovePullRequestReviews);
        }
    }

    public (bool Enabled, string AllowedActions, bool ShaPinningRequired) GetActionsPermissions(string owner, string repo)
    {
        lock (State.Lock)
        {
            var a = RepoOrThrow(owner, repo).Actions;
            return (a.Enabled, a.AllowedActions, a.ShaPinningRequired);
        }
    }

    /// <summary>Remaining primary rate-limit budget of a token.</summary>
    public int GetRemaining(string token)
    {
        lock (State.Lock)
        {
            return State.Tokens[token].Remaining;
        }
    }
}
