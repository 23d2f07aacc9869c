using Reconciler.Core.Hosts;
using Reconciler.Core.Hosts.GitHub;
using Reconciler.Core.Policy;
using Reconciler.Core.Repositories;
using Reconciler.Worker.Configuration;
using Reconciler.Worker.Execution;
using Reconciler.Worker.Scheduling;

namespace Reconciler.Worker.Hosting;

/// <summary>
/// The GitHub host for <c>Reconcile__Org</c>, built by <see cref="GitHubHostFactory"/> exactly as the CLI builds it;
/// in apply mode, <see cref="GitHubRepositoryApplier"/> over it; and action tags resolved through it.
/// </summary>
internal static class GitHubWorkerServices
{
    /// <summary>
    /// Credentials are read from configuration, which in Program.cs includes the process environment
    /// (GITHUB_TOKEN, GH_TOKEN, GITHUB_APP_*); what can be checked without the network is checked now.
    /// </summary>
    public static void Add(IServiceCollection services, ReconcileOptions options, IConfiguration configuration)
    {
        var org = options.Org!.Trim();
        GitHubCredentials credentials;
        try
        {
            credentials = GitHubHostFactory.RequireCredentials(name => configuration[name]);
        }
        catch (HostException ex)
        {
            throw new WorkerSetupException(
                $"Reconcile__Org is '{org}' (and Reconcile__Path is not set), so the worker reconciles GitHub, but: {Secrets.Redact(ex.Message)}", ex);
        }

        var url = string.IsNullOrWhiteSpace(options.ApiUrl) ? GitHubConnectionOptions.PublicApi.AbsoluteUri : options.ApiUrl.Trim();
        if (!GitHubHostFactory.TryParseApiUrl(url, out var apiUrl))
        {
            throw new WorkerSetupException($"Reconcile__ApiUrl '{url}' is not an http(s) URL");
        }

        services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Reconciler.Worker.GitHub");
            // A GitHubPacing in the container replaces the default (tests: no real waits between writes).
            var pacing = sp.GetService<GitHubPacing>() ?? new GitHubPacing
            {
                ReadConcurrency = Math.Clamp(options.MaxConcurrency, 1, 32),
                Notice = message => logger.LogInformation("github: {Notice}", message),
            };
            try
            {
                return GitHubHostFactory.Create(new GitHubHostOptions
                {
                    Credentials = credentials,
                    ApiUrl = apiUrl,
                    Policy = sp.GetRequiredService<Policy>(),
                    Scope = GitHubScope.Orgs(org),
                    Pacing = pacing,
                    CacheDirectory = string.IsNullOrWhiteSpace(options.CacheDir) ? null : options.CacheDir,
                });
            }
            catch (HostException ex)
            {
                throw new WorkerSetupException($"the GitHub host for '{org}' can't be set up: {Secrets.Redact(ex.Message)}", ex);
            }
        });
        services.AddSingleton<IRepositoryHost>(sp => new FreshGitHubHost(sp.GetRequiredService<GitHubHost>()));
        services.AddSingleton<IActionTags, GitHubActionTags>();
        if (options.Mode == ReconcileMode.Apply)
        {
            services.AddRepositoryApplier<GitHubRepositoryApplier>();
        }
    }
}

/// <summary>
/// The GitHub host as a long-lived replica uses it: each repository run looks the repository up afresh (one
/// conditional GET, answered 304 and free of rate limit when nothing changed) instead of trusting what this replica
/// learnt at its first run or last sweep, so a renamed default branch or a new topic is seen at the next run.
/// </summary>
internal sealed class FreshGitHubHost(GitHubHost host) : IRepositoryHost
{
    public bool CanReadSettings => host.CanReadSettings;

    public IAsyncEnumerable<RepositoryRef> ListAsync(CancellationToken cancellationToken) => host.ListAsync(cancellationToken);

    public Task<RepositorySnapshot> ReadAsync(RepositoryRef repository, CancellationToken cancellationToken)
    {
        host.Forget(repository.FullName);
        return host.ReadAsync(repository, cancellationToken);
    }
}
