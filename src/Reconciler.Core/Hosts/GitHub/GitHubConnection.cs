using Octokit;
using Octokit.Internal;

namespace Reconciler.Core.Hosts.GitHub;

/// <summary>Where and how to reach GitHub.</summary>
public sealed record GitHubConnectionOptions
{
    public static readonly Uri PublicApi = new("https://api.github.com/");

    /// <summary>The REST API root: https://api.github.com/, https://HOST/api/v3/ for GitHub Enterprise Server, or a test double.</summary>
    public Uri ApiUrl { get; init; } = PublicApi;

    public required GitHubCredentials Credentials { get; init; }

    public GitHubPacing Pacing { get; init; } = new();

    /// <summary>Keeps conditional-request answers between runs; in memory only when null.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The only branches a ref write may target (our pull-request branches).</summary>
    public IReadOnlyList<string> WritableBranches { get; init; } = [];

    /// <summary>The org (or repository owner) whose App installation to use when the installation id is not given.</summary>
    public string? InstallationOwner { get; init; }

    /// <summary>A repository to look the App installation up by, when the owner is a user rather than an org.</summary>
    public string? InstallationRepository { get; init; }

    /// <summary>Extra handler at the bottom of the stack (tests use it to observe the wire).</summary>
    public Func<HttpMessageHandler>? Transport { get; init; }
}

/// <summary>
/// An Octokit client with rate limits and retries around each request (<see cref="PacedHttpClient"/>) and our message
/// handlers underneath: credentials only to the API's origin → write guard → conditional-request cache → JSON answers
/// only → the network. <see cref="Api"/> is for the calls Octokit has no method for (or gets wrong).
/// </summary>
public sealed class GitHubConnection
{
    private GitHubConnection(GitHubClient client, WriteGuard guard, RateLimitHandler rateLimit, GitHubConnectionOptions options, InstallationTokenStore? installation)
    {
        Client = client;
        Api = new ApiConnection(client.Connection);
        Guard = guard;
        RateLimit = rateLimit;
        Options = options;
        Installation = installation;
    }

    public GitHubClient Client { get; }

    public IApiConnection Api { get; }

    public WriteGuard Guard { get; }

    public RateLimitHandler RateLimit { get; }

    public GitHubConnectionOptions Options { get; }

    /// <summary>The App's installation-token source, when authenticating as an App.</summary>
    public InstallationTokenStore? Installation { get; }

    public GitHubPacing Pacing => Options.Pacing;

    public static GitHubConnection Create(GitHubConnectionOptions options)
    {
        var baseUri = options.ApiUrl.AbsoluteUri.EndsWith('/') ? options.ApiUrl : new Uri(options.ApiUrl.AbsoluteUri + "/");
        var header = new ProductHeaderValue("reconcile");
        var guard = new WriteGuard(options.WritableBranches);
        var rateLimit = new RateLimitHandler(options.Pacing);
        var cache = new ResponseCache(options.CacheDirectory);
        var transport = options.Transport ?? (() => HttpMessageHandlerFactory.CreateDefault());
        HttpMessageHandler Stack() =>
            new SameOriginCredentialsHandler(baseUri)
            {
                InnerHandler = new DispatchGuard(guard, new ConditionalRequestHandler(cache, options.Credentials.Scope) { InnerHandler = new JsonAnswerHandler { InnerHandler = transport() } }),
            };

        ICredentialStore store;
        InstallationTokenStore? installation = null;
        switch (options.Credentials)
        {
            case TokenCredentials token:
                store = new InMemoryCredentialStore(new Credentials(token.Token));
                break;
            case AppCredentials app:
                InstallationTokenStore? holder = null;
                var jwtStore = new DelegateCredentialStore(() => new Credentials(holder!.Jwt(), AuthenticationType.Bearer));
                var jwtPacing = new GitHubPacing { Time = options.Pacing.Time, Delay = options.Pacing.Delay, WriteSpacing = TimeSpan.Zero, Notice = options.Pacing.Notice };
                var jwtConnection = new Connection(header, baseUri, jwtStore, new PacedHttpClient(() => new SameOriginCredentialsHandler(baseUri) { InnerHandler = new JsonAnswerHandler { InnerHandler = transport() } }, new RateLimitHandler(jwtPacing)), new SimpleJsonSerializer());
                holder = installation = new InstallationTokenStore(app, jwtConnection, () => options.Pacing.Now, ct => FindInstallationAsync(jwtConnection, options));
                store = installation;
                break;
            default:
                throw new ArgumentException("unknown credentials", nameof(options));
        }

        var connection = new Connection(header, baseUri, store, new PacedHttpClient(Stack, rateLimit), new SimpleJsonSerializer());
        return new GitHubConnection(new GitHubClient(connection), guard, rateLimit, options, installation);
    }

    private static async Task<long> FindInstallationAsync(IConnection jwt, GitHubConnectionOptions options)
    {
        var api = new ApiConnection(jwt);
        if (options.InstallationOwner is { } owner)
        {
            try
            {
                return (await api.Get<Installation>(new Uri($"orgs/{owner}/installation", UriKind.Relative))).Id;
            }
            catch (NotFoundException) when (options.InstallationRepository is not null)
            {
                // A user's repository: ask by repository below.
            }
            catch (NotFoundException ex)
            {
                throw new HostException($"the GitHub App is not installed on the organization '{owner}'", ex);
            }
        }

        if (options.InstallationRepository is { } repo)
        {
            try
            {
                return (await api.Get<Installation>(new Uri($"repos/{repo}/installation", UriKind.Relative))).Id;
            }
            catch (NotFoundException ex)
            {
                throw new HostException($"the GitHub App is not installed on {repo}", ex);
            }
        }

        throw new HostException("the GitHub App installation is unknown: set GITHUB_APP_INSTALLATION_ID");
    }

    private sealed class DelegateCredentialStore(Func<Credentials> get) : ICredentialStore
    {
        public Task<Credentials> GetCredentials() => Task.FromResult(get());
    }

    /// <summary>The write guard as the outermost of our handlers.</summary>
    private sealed class DispatchGuard : DelegatingHandler
    {
        private readonly WriteGuard _guard;

        public DispatchGuard(WriteGuard guard, HttpMessageHandler inner)
        {
            _guard = guard;
            InnerHandler = inner;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (RateLimitHandler.IsWrite(request.Method) && request.RequestUri is { } uri)
            {
                var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
                _guard.Check(request.Method, uri.AbsolutePath, body);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
