using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Octokit;
using Octokit.Caching;
using Octokit.Internal;
using Reconciler.GitHubDouble.Git;
using Reconciler.GitHubDouble.State;
using Reconciler.GitHubDouble.Tests.OpenApi;

namespace Reconciler.GitHubDouble.Tests;

/// <summary>Behaviour the reconciler relies on, driven through Octokit 14 over real HTTP; every exchange is also contract-checked.</summary>
public sealed class OctokitBehaviourTests
{
    [Fact]
    public async Task Pagination_link_headers_are_absolute_and_followed_by_GetAllForOrg()
    {
        await using var gh = await Seeding.StartAcmeAsync();
        for (var i = 0; i < 5; i++)
        {
            gh.AddRepo("acme", $"svc-{i}");
        }
        var client = Api.Octokit(gh);
        var repos = await client.Repository.GetAllForOrg("acme", new ApiOptions { PageSize = 2 });
        Assert.Equal(9, repos.Count);
        Assert.Equal(9, repos.Select(r => r.FullName).Distinct().Count());
        var pages = gh.Requests.Entries.Where(e => e.Route == "/orgs/{org}/repos").ToList();
        Assert.Equal(5, pages.Count);
        Assert.Contains("page=5", pages[^1].Query, StringComparison.Ordinal);
        var link = pages[0].ResponseHeaders["Link"];
        Assert.Contains($"<{gh.BaseUri}orgs/acme/repos?per_page=2&page=2>; rel=\"next\"", link, StringComparison.Ordinal);
        Assert.Contains("rel=\"last\"", link, StringComparison.Ordinal);

        // Filtering and sorting the way the reconciler asks for it (raw GetAll with parameters).
        var sources = await new ApiConnection(client.Connection).GetAll<Repository>(new Uri("orgs/acme/repos", UriKind.Relative),
            new Dictionary<string, string> { ["type"] = "sources", ["sort"] = "full_name" }, new ApiOptions { PageSize = 3 });
        Assert.Equal(sources.Select(r => r.Name).Order(StringComparer.Ordinal), sources.Select(r => r.Name));
        Assert.DoesNotContain(sources, r => r.Fork);
        Assert.Contains(sources, r => r.Archived);
        ContractAssert.LogConformsToSpec(gh);
    }

    [Fact]
    public async Task Enterprise_style_base_url_is_served_under_api_v3()
    {
        await using var gh = await Seeding.StartAcmeAsync();
        var client = new GitHubClient(new Octokit.ProductHeaderValue("tests"), new Uri(gh.BaseUri.GetLeftPart(UriPartial.Authority)))
        {
            Credentials = new Credentials(gh.DefaultToken),
        };
        var repos = await client.Repository.GetAllForOrg("acme", new ApiOptions { PageSize = 1 });
        Assert.Equal(4, repos.Count);
        Assert.All(gh.Requests.Entries, e => Assert.Equal(200, e.Status));
        Assert.Contains("/api/v3/orgs/acme/repos", gh.Requests.Entries[0].ResponseHeaders["Link"], StringComparison.Ordinal);
        var repo = await client.Repository.Get("acme", "web-fork");
        Assert.True(repo.Fork);
        Assert.Equal(RepositoryVisibility.Internal, repo.Visibility);
        ContractAssert.LogConformsToSpec(gh);
    }

    private sealed class MemoryCache : IResponseCache
    {
        private readonly ConcurrentDictionary<string, CachedResponse.V1> _items = new();

        public Task<CachedResponse.V1> GetAsync(IRequest request) =>
            Task.FromResult(_items.TryGetValue(request.Endpoint.ToString(), out var v) ? v : null!);

        public Task SetAsync(IRequest request, CachedResponse.V1 cachedResponse)
        {
            _items[request.Endpoint.ToString()] = cachedResponse;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Etag_304_does_not_count_against_the_rate_limit()
    {
        await using var gh = await Seeding.StartAcmeAsync();
        var connection = new Connection(new Octokit.ProductHeaderValue("tests"), gh.BaseUri, new InMemoryCredentialStore(new Credentials(gh.DefaultToken)),
            new CachingHttpClient(new HttpClientAdapter(HttpMessageHandlerFactory.CreateDefault), new MemoryCache()), new SimpleJsonSerializer());
        var client = new GitHubClient(connection);
        var first = await client.Repository.Get("acme", "api");
        var remainingAfterFirst = gh.GetRemaining(gh.DefaultToken);
        var etag = client.GetLastApiInfo().Etag;
        Assert.Matches("^\"[0-9a-f]{40}\"$", etag);
        var second = await client.Repository.Get("acme", "api");
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(remainingAfterFirst, gh.GetRemaining(gh.DefaultToken));
        var entries = gh.Requests.Entries;
        Assert.Equal([200, 304], entries.Select(e => e.Status));
        Assert.True(entries[0].CountedAgainstRateLimit);
        Assert.False(entries[1].CountedAgainstRateLimit);
        Assert.Null(entries[1].ResponseBody);
        Assert.Equal(remainingAfterFirst.ToString(System.Globalization.CultureInfo.InvariantCulture), entries[1].ResponseHeaders["x-ratelimit-remaining"]);

        // A change to the resource changes the ETag: the next conditional GET is a full, counted 200.
        gh.PushCommit("acme", "api", "main", new Dictionary<string, string?> { ["x.txt"] = "x" });
        gh.AdvanceTime(TimeSpan.FromSeconds(1));
        gh.State.FindRepo("acme", "api")!.PushedAt = gh.State.Now;
        using var api = new Api(gh);
        var changed = await api.Get("repos/acme/api", ifNoneMatch: etag);
        Assert.Equal(200, changed.Code);
        Assert.NotEqual(etag, changed.Headers.ETag?.Tag);
        Assert.Equal(remainingAfterFirst - 1, gh.GetRemaining(gh.DefaultToken));
        ContractAssert.LogConformsToSpec(gh);
    }

    [Fact]
    public async Task Injected_faults_produce_the_statuses_headers_and_exceptions_octokit_maps()
    {
        await using var gh = await Seeding.StartAcmeAsync();
        var client = Api.Octokit(gh);
        var fault = gh.Faults.FailNext("GET", "/repos/acme/api", 502, count: 2);
        var e502 = await Assert.ThrowsAsync<ApiException>(() => client.Repository.Get("acme", "api"));
        Assert.Equal(HttpStatusCode.BadGateway, e502.StatusCode);
        await Assert.ThrowsAsync<ApiException>(() => client.Repository.Get("acme", "api"));
        Assert.Equal(0, fault.Remaining);
        Assert.Equal("api", (await client.Repository.Get("acme", "api")).Name);
        Assert.Equal([502, 502, 200], gh.Requests.Entries.Select(e => e.Status));

        gh.Faults.SecondaryRateLimit("POST", "/repos/*/*/pulls", retryAfterSeconds: 30);
        gh.SetBranch("acme", "api", "feature", "main");
        gh.PushCommit("acme", "api", "feature", new Dictionary<string, string?> { ["f.txt"] = "f" });
        var secondary = await Assert.ThrowsAsync<SecondaryRateLimitExceededException>(() => client.PullRequest.Create("acme", "api", new NewPullRequest("t", "feature", "main")));
        Assert.Equal("30", secondary.HttpResponse.Headers["Retry-After"]);
        Assert.Equal(1, (await client.PullRequest.Create("acme", "api", new NewPullRequest("t", "feature", "main"))).Number);

        gh.Faults.PrimaryRateLimit("GET", "/repos/**");
        var primary = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.Repository.Get("acme", "api"));
        Assert.Equal(0, primary.Remaining);
        Assert.True(primary.Reset > DateTimeOffset.UtcNow);

        gh.Faults.SecondaryRateLimit("GET", "/repos/**", retryAfterSeconds: 5, status: 429);
        var tooMany = await Assert.ThrowsAsync<ApiException>(() => client.Repository.Get("acme", "api"));
        Assert.Equal((HttpStatusCode)429, tooMany.StatusCode);
        Assert.Equal("5", tooMany.HttpResponse.Headers["Retry-After"]);

        gh.Faults.Delay("GET", "/repos/acme/web", TimeSpan.FromMilliseconds(300));
        var sw = Stopwatch.StartNew();
        await client.Repository.Get("acme", "web");
        Assert.True(sw.ElapsedMilliseconds >= 280, $"took {sw.ElapsedMilliseconds} ms");
        ContractAssert.LogConformsToSpec(gh);
    }

    [Fact]
    public async Task Real_budget_exhaustion_gives_403_with_remaining_zero_and_rate_limit_still_answers()
    {
        await using var gh = await Seeding.StartAcmeAsync();
        var token = gh.AddToken("small", new TokenSeed { RateLimit = 3 });
        var client = Api.Octokit(gh, token);
        for (var i = 0; i < 3; i++)
        {
            await client.Repository.Get("acme", "api");
        }
        Assert.Equal(0, client.GetLastApiInfo().RateLimit.Remaining);
        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.Repository.Get("acme", "api"));
        Assert.Equal(3, ex.Limit);
        var limits = await client.RateLimit.GetRateLimits();
        Assert.Equal(0, limits.Resources.Core.Remaining);
        Assert.Equal(3, limits.Resources.Core.Limit);
        gh.AdvanceTime(TimeSpan.FromHours(1.01));
        Assert.Equal("api", (await client.Repository.Get("acme", "api")).Name);
        Assert.Equal(2, client.GetLastApiInfo().RateLimit.Remaining);
        ContractAssert.LogConformsToSpec(gh);
    }

    [Fact]
    public async Task Multi_file_commit_via_git_data_api_reads_back_and_never_overwrites_a_human_push()
    {
        await using var gh = await Seeding.StartAcmeAsync();
        var client = Api.Octokit(gh);
        var git = client.Git;
        var baseRef = await git.Reference.Get("acme", "api", "heads/main");
        var baseCommit = await git.Commit.Get("acme", "api", baseRef.Object.Sha);
        var blob = await git.Blob.Create("acme", "api", new NewBlob { Content = Convert.ToBase64String(Encoding.UTF8.GetBytes("name: ci\n")), Encoding = EncodingType.Base64 });
        var newTree = new NewTree { BaseTree = baseCommit.Tree.Sha };
        newTree.Tree.Add(new NewTreeItem { Path = ".github/workflows/ci.yml", Mode = "100644", Type = TreeType.Blob, Sha = blob.Sha });
        newTree.Tree.Add(new NewTreeItem { Path = "SECURITY.md", Mode = "100644", Type = TreeType.Blob, Content = "Report to security@acme.test\n" });
        var tree = await git.Tree.Create("acme", "api", newTree);
        var commit = await git.Commit.Create("acme", "api", new NewCommit("policy: harden workflows", tree.Sha, baseRef.Object.Sha));
        var branch = await git.Reference.Create("acme", "api", new NewReference("refs/heads/policy/harden", commit.Sha));
        Assert.Equal("refs/heads/policy/harden", branch.Ref);

        var files = gh.ReadTree("acme", "api", "policy/harden");
        Assert.Equal("name: ci\n", files[".github/workflows/ci.yml"]);
        Assert.Equal("Report to security@acme.test\n", files["SECURITY.md"]);
        Assert.Equal("package main\n", files["src/main.go"]);
        var content = await client.Repository.Content.GetAllContentsByRef("acme", "api", ".github/workflows/ci.yml", "policy/harden");
        Assert.Equal("name: ci\n", Assert.Single(content).Content);
        Assert.Equal(blob.Sha, content[0].Sha);
        var raw = await client.Repository.Content.GetRawContentByRef("acme", "api", "SECURITY.md", "policy/harden");
        Assert.Equal("Report to security@acme.test\n", Encoding.UTF8.GetString(raw));
        var recursive = await git.Tree.GetRecursive("acme", "api", commit.Sha);
        Assert.Contains(recursive.Tree, t => t.Path == ".github/workflows" && t.Type == TreeType.Tree);
        Assert.Equal(GitHash.Hash("blob", Encoding.UTF8.GetBytes("name: ci\n")), blob.Sha);

        var again = await Assert.ThrowsAsync<ApiValidationException>(() => git.Reference.Create("acme", "api", new NewReference("refs/heads/policy/harden", commit.Sha)));
        Assert.Equal("Reference already exists", again.Message);

        // A human pushes to the branch; a non-forced update from our stale commit is refused.
        var human = gh.PushCommit("acme", "api", "policy/harden", new Dictionary<string, string?> { ["SECURITY.md"] = "human edit\n" });
        var stale = await Assert.ThrowsAsync<ApiValidationException>(() => git.Reference.Update("acme", "api", "heads/policy/harden", new ReferenceUpdate(commit.Sha)));
        Assert.Equal("Update is not a fast forward", stale.Message);
        Assert.Equal(human, gh.GetRef("acme", "api", "heads/policy/harden"));
        Assert.Equal("human edit\n", gh.ReadFile("acme", "api", "SECURITY.md", "policy/harden"));

        // Deleting a file needs "sha": null, which Octokit drops: a raw call does it.
        using var api = new Api(gh);
        var del = await api.Post("repos/acme/api/git/trees", new JsonObject
        {
            ["base_tree"] = baseCommit.Tree.Sha,
            ["tree"] = new JsonArray(new JsonObject { ["path"] = "src/main.go", ["mode"] = "100644", ["type"] = "blob", ["sha"] = null }),
        });
        Assert.Equal(201, del.Code);
        Assert.DoesNotContain(del.Json!["tree"]!.AsArray(), t => t!["path"]!.ToString() == "src");
        ContractAssert.LogConformsToSpec(gh);
    }

    [Fact]
    public async Task Seeded_git_objects_have_real_deterministic_shas()
    {
        await using var a = await GitHubDouble.StartAsync();
        await using var b = await GitHubDouble.StartAsync();
        foreach (var gh in new[] { a, b })
        {
            gh.AddOrg("acme");
            gh.AddRepo("acme", "x", new RepoSeed { Files = new Dictionary<string, string> { ["hello.txt"] = "hello world\n" } });
        }
        Assert.Equal(a.GetRef("acme", "x", "heads/main"), b.GetRef("acme", "x", "heads/main"));
        var commit = a.GetCommit("acme", "x", "main")!;
        var tree = a.Inspect(s => s.FindRepo("acme", "x")!.Git.Get<GitTree>(commit.TreeSha)!);
        Assert.Equal("3b18e512dba79e4c8300dd08aeb37f8e728b8dad", Assert.Single(tree.Entries).Sha);
        Assert.Equal(GitHash.Hash("tree", GitHash.TreeBody(tree.Entries)), tree.Sha);
        Assert.Equal("4b825dc642cb6eb9a060e54bf8d69288fbee4904", GitHash.Hash("tree", []));
    }

    [Fact]
    public async Task Annotated_and_nested_tags_dereference_to_the_commit()
    {
        await using var gh = await GitHubDouble.StartAsync();
        gh.AddOrg("actions");
        gh.AddRepo("actions", "checkout", new RepoSeed { Visibility = "public", Files = new Dictionary<string, string> { ["action.yml"] = "name: checkout\n" } });
        var v1 = gh.GetRef("actions", "checkout", "heads/main")!;
        var v2 = gh.PushCommit("actions", "checkout", "main", new Dictionary<string, string?> { ["action.yml"] = "name: checkout v2\n" });
        gh.AddLightweightTag("actions", "checkout", "v1.0.0", v1);
        var annotated = gh.AddAnnotatedTag("actions", "checkout", "v2", v2);
        var inner = gh.AddAnnotatedTag("actions", "checkout", "v2-inner", v2, updateRef: false);
        var nested = gh.AddAnnotatedTag("actions", "checkout", "v2-nested", inner);
        var client = Api.Octokit(gh);

        var light = await client.Git.Reference.Get("actions", "checkout", "tags/v1.0.0");
        Assert.Equal(TaggedType.Commit, light.Object.Type.Value);
        Assert.Equal(v1, light.Object.Sha);

        var tagRef = await client.Git.Reference.Get("actions", "checkout", "tags/v2");
        Assert.Equal(TaggedType.Tag, tagRef.Object.Type.Value);
        Assert.Equal(annotated, tagRef.Object.Sha);
        var tag = await client.Git.Tag.Get("actions", "checkout", tagRef.Object.Sha);
        Assert.Equal(TaggedType.Commit, tag.Object.Type.Value);
        Assert.Equal(v2, tag.Object.Sha);

        var outer = await client.Git.Tag.Get("actions", "checkout", (await client.Git.Reference.Get("actions", "checkout", "tags/v2-nested")).Object.Sha);
        Assert.Equal(nested, outer.Sha);
        Assert.Equal(TaggedType.Tag, outer.Object.Type.Value);
        var innerTag = await client.Git.Tag.Get("actions", "checkout", outer.Object.Sha);
        Assert.Equal(v2, innerTag.Object.Sha);

        // The commits endpoint peels tags, in JSON and with the SHA media type.
        Assert.Equal(v2, (await client.Repository.Commit.Get("actions", "checkout", "v2-nested")).Sha);
        var sha = await client.Connection.Get<string>(new Uri("repos/actions/checkout/commits/tags/v2", UriKind.Relative), null, "application/vnd.github.sha");
        Assert.Equal(v2, sha.Body);
        using var api = new Api(gh);
        var spec = await api.Get("repos/actions/checkout/git/ref/tags/v2");
        Assert.Equal("tag", spec.Json!["object"]!["type"]!.ToString());
        ContractAssert.LogConformsToSpec(gh);
    }

    [Fact]
    public async Task Branch_not_protected_differs_from_not_found_and_protection_round_trips()
    {
        await using var gh = await Seeding.StartAcmeAsync();
        gh.SetBranch("acme", "api", "release/1.x", "main");
        var admin = Api.Octokit(gh);
        var reader = Api.Octokit(gh, gh.AddToken("reader", new TokenSeed { RepoAccess = new Dictionary<string, Access> { ["acme/api"] = Access.Write } }));
        var unprotected = await Assert.ThrowsAsync<NotFoundException>(() => admin.Repository.Branch.GetBranchProtection("acme", "api", "release/1.x"));
        Assert.Equal("Branch not protected", unprotected.Message);
        var hidden = await Assert.ThrowsAsync<NotFoundException>(() => reader.Repository.Branch.GetBranchProtection("acme", "api", "release/1.x"));
        Assert.Equal("Not Found", hidden.Message);
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => admin.Repository.Branch.GetBranchProtection("acme", "api", "nope"));
        Assert.NotEqual("Branch not protected", missing.Message);

        var update = new BranchProtectionSettingsUpdate(new BranchProtectionRequiredStatusChecksUpdate(true, ["ci/build"]),
            new BranchProtectionRequiredReviewsUpdate(false, true, 2), null, true);
        var put = await admin.Repository.Branch.UpdateBranchProtection("acme", "api", "release/1.x", update);
        Assert.True(put.EnforceAdmins.Enabled);
        var got = await admin.Repository.Branch.GetBranchProtection("acme", "api", "release/1.x");
        Assert.Equal(2, got.RequiredPullRequestReviews.RequiredApprovingReviewCount);
        Assert.Equal(["ci/build"], got.RequiredStatusChecks.Contexts);
        Assert.True(gh.GetBranchProtection("acme", "api", "release/1.x")!.RequiredStatusChecks!.Strict);
        Assert.True((await admin.Repository.Branch.Get("acme", "api", "release/1.x")).Protected);
        Assert.True(await admin.Repository.Branch.DeleteBranchProtection("acme", "api", "release/1.x"));
        Assert.Null(gh.GetBranchProtection("acme", "api", "release/1.x"));
        ContractAssert.LogConformsToSpec(gh);
    }

    public sealed class PolicyDto
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string Type { get; set; } = "";
    }

    public sealed class NewPolicy
    {
        public string Name { get; set; } = "";
        public string Type { get; set; } = "branch";
    }

    public sealed class EnvUpdate
    {
        public int WaitTimer { get; set; }
        [SerializeNull]
        public BranchPolicySettings? DeploymentBranchPolicy { get; set; }
    }

    public sealed class BranchPolicySettings
    {
        public bool ProtectedBranches { get; set; }
        public bool CustomBranchPolicies { get; set; }
    }

    [Fact]
    public async Task Environment_put_validation_and_branch_policy_404_200_303()
    {
        await using var gh = await Seeding.StartAcmeAsync();
        var client = Api.Octokit(gh);
        var api = new ApiConnection(client.Connection);
        var env = new Uri("repos/acme/api/environments/prod%2Feu", UriKind.Relative);
        var policies = new Uri("repos/acme/api/environments/prod%2Feu/deployment-branch-policies", UriKind.Relative);

        var invalid = await Assert.ThrowsAsync<ApiValidationException>(() => api.Put<object>(env, new EnvUpdate
        {
            DeploymentBranchPolicy = new BranchPolicySettings { ProtectedBranches = true, CustomBranchPolicies = true },
        }));
        Assert.Contains("protected_branches", invalid.Message, StringComparison.Ordinal);
        Assert.Null(gh.GetEnvironment("acme", "api", "prod/eu"));

        await api.Put<object>(env, new EnvUpdate { WaitTimer = 5, DeploymentBranchPolicy = null });
        Assert.Equal(5, gh.GetEnvironment("acme", "api", "prod/eu")!.WaitTimer);
        Assert.Null(gh.GetEnvironment("acme", "api", "prod/eu")!.BranchPolicy);
        await Assert.ThrowsAsync<NotFoundException>(() => api.Post<PolicyDto>(policies, new NewPolicy { Name = "main" }));

        await api.Put<object>(env, new EnvUpdate { DeploymentBranchPolicy = new BranchPolicySettings { CustomBranchPolicies = true } });
        var created = await api.Post<PolicyDto>(policies, new NewPolicy { Name = "release/*" });
        Assert.Equal("release/*", created.Name);
        // A duplicate answers 303 to the existing policy; Octokit follows it with a GET.
        var duplicate = await api.Post<PolicyDto>(policies, new NewPolicy { Name = "release/*" });
        Assert.Equal(created.Id, duplicate.Id);
        var redirect = gh.Requests.Entries.Single(e => e.Method == "POST" && e.Status == 303);
        Assert.EndsWith("/deployment-branch-policies/" + created.Id, redirect.ResponseHeaders["Location"], StringComparison.Ordinal);
        Assert.Single(gh.GetEnvironment("acme", "api", "prod/eu")!.Policies);
        var list = await client.Repository.Environment.GetAll("acme", "api");
        Assert.Equal("prod/eu", Assert.Single(list.Environments).Name);
        ContractAssert.LogConformsToSpec(gh);
    }

    [Fact]
    public async Task Pull_requests_and_labels_through_octokit()
    {
        await using var gh = await Seeding.StartAcmeAsync();
        gh.SetBranch("acme", "api", "policy/sync", "main");
        gh.PushCommit("acme", "api", "policy/sync", new Dictionary<string, string?> { ["p.txt"] = "p" });
        var client = Api.Octokit(gh);
        var pr = await client.PullRequest.Create("acme", "api", new NewPullRequest("Policy sync", "policy/sync", "main") { Body = "body v1" });
        var dup = await Assert.ThrowsAsync<ApiValidationException>(() => client.PullRequest.Create("acme", "api", new NewPullRequest("x", "policy/sync", "main")));
        Assert.Equal("A pull request already exists for acme:policy/sync.", dup.ApiError.Errors[0].Message);
        var same = await Assert.ThrowsAsync<ApiValidationException>(() => client.PullRequest.Create("acme", "api", new NewPullRequest("x", "main", "main")));
        Assert.StartsWith("No commits between", same.ApiError.Errors[0].Message, StringComparison.Ordinal);

        var found = await client.PullRequest.GetAllForRepository("acme", "api", new PullRequestRequest { Head = "acme:policy/sync", Base = "main" });
        Assert.Equal(pr.Number, Assert.Single(found).Number);
        Assert.Empty(await client.PullRequest.GetAllForRepository("acme", "api", new PullRequestRequest { Head = "acme:other" }));
        await client.PullRequest.Update("acme", "api", pr.Number, new PullRequestUpdate { Body = "body v2" });
        var labels = await client.Issue.Labels.AddToIssue("acme", "api", pr.Number, ["policy", "automated"]);
        Assert.Equal(["policy", "automated"], labels.Select(l => l.Name));
        await client.PullRequest.Update("acme", "api", pr.Number, new PullRequestUpdate { State = ItemState.Closed });
        var snap = Assert.Single(gh.GetPullRequests("acme", "api"));
        Assert.Equal(("body v2", "closed"), (snap.Body, snap.State));
        Assert.Equal(["policy", "automated"], snap.Labels);
        Assert.False(await client.PullRequest.Merged("acme", "api", pr.Number));
        ContractAssert.LogConformsToSpec(gh);
    }

    [Fact]
    public async Task App_jwt_installation_token_and_per_token_visibility()
    {
        await using var gh = await Seeding.StartAcmeAsync();
        gh.AddOrg("other");
        gh.AddRepo("other", "secret");
        var app = gh.AddApp(7, "reconcile");
        gh.AddInstallation(7, "acme", repositories: ["api", "web"]);
        var appClient = new GitHubClient(new Connection(new Octokit.ProductHeaderValue("tests"), gh.BaseUri,
            new InMemoryCredentialStore(new Credentials(app.CreateJwt(gh.State.Now), AuthenticationType.Bearer))));
        var installation = await appClient.GitHubApps.GetOrganizationInstallationForCurrent("acme");
        Assert.Equal(7, installation.AppId);
        await Assert.ThrowsAsync<NotFoundException>(() => appClient.GitHubApps.GetOrganizationInstallationForCurrent("other"));
        var token = await appClient.GitHubApps.CreateInstallationToken(installation.Id);
        Assert.InRange((token.ExpiresAt - gh.State.Now).TotalMinutes, 59, 61);

        var inst = Api.Octokit(gh, token.Token);
        var repos = await inst.GitHubApps.Installation.GetAllRepositoriesForCurrent(new ApiOptions { PageSize = 1 });
        Assert.Equal(["acme/api", "acme/web"], repos.Repositories.Select(r => r.FullName).Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<NotFoundException>(() => inst.Repository.Get("acme", "web-fork"));
        await Assert.ThrowsAsync<NotFoundException>(() => inst.Repository.Get("other", "secret"));

        // A key the App does not own, and an exp too far ahead, are refused.
        var stranger = new AppHandle2(app.Id);
        using var forged = new Api(gh, stranger.Jwt(gh.State.Now), scheme: "Bearer");
        Assert.Equal(401, (await forged.Get("orgs/acme/installation")).Code);
        using var tooLong = new Api(gh, app.CreateJwt(gh.State.Now, lifetime: TimeSpan.FromMinutes(20)), scheme: "Bearer");
        Assert.Contains("too far in the future", (await tooLong.Get("orgs/acme/installation")).Message, StringComparison.Ordinal);

        gh.AdvanceTime(TimeSpan.FromMinutes(61));
        await Assert.ThrowsAsync<AuthorizationException>(() => inst.Repository.Get("acme", "api"));

        // A PAT that cannot see org "other" and is not admin on acme/api.
        var pat = Api.Octokit(gh, gh.AddToken("dev", new TokenSeed
        {
            OrgAccess = new Dictionary<string, Access> { ["other"] = Access.None },
            RepoAccess = new Dictionary<string, Access> { ["acme/api"] = Access.Write },
        }));
        await Assert.ThrowsAsync<NotFoundException>(() => pat.Repository.GetAllForOrg("other"));
        await Assert.ThrowsAsync<ForbiddenException>(() => pat.Connection.Get<object>(new Uri("repos/acme/api/actions/permissions", UriKind.Relative), null));
        Assert.Equal(4, (await pat.Repository.GetAllForOrg("acme")).Count);
        ContractAssert.LogConformsToSpec(gh);
    }

    private sealed class AppHandle2(long id)
    {
        private readonly System.Security.Cryptography.RSA _key = System.Security.Cryptography.RSA.Create(2048);

        public string Jwt(DateTimeOffset now)
        {
            static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var h = B64(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));
            var p = B64(Encoding.UTF8.GetBytes($"{{\"iat\":{now.AddSeconds(-60).ToUnixTimeSeconds()},\"exp\":{now.AddMinutes(9).ToUnixTimeSeconds()},\"iss\":\"{id}\"}}"));
            var s = _key.SignData(Encoding.ASCII.GetBytes(h + "." + p), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            return h + "." + p + "." + B64(s);
        }
    }
}
