namespace Reconciler.Core.Publishing;

/// <summary>Manual steps every trusted-publishing family shares.</summary>
public static class Common
{
    /// <summary>Delete the secrets trusted publishing replaced, once a release went through.</summary>
    public static IEnumerable<ManualStep> SecretSteps(PublishSite site)
    {
        if (site.RegistrySecrets.Count == 0)
        {
            yield break;
        }

        var names = Prose.Code(site.RegistrySecrets);
        var plural = site.RegistrySecrets.Count == 1 ? "secret" : "secrets";
        yield return new ManualStep(
            $"secrets:{string.Join(",", site.RegistrySecrets)}",
            $"After the first release through the new `{site.Job.Id}` job, delete the repository {plural} {names} (Settings → Secrets and variables → Actions) " +
            $"once no other workflow reads {(site.RegistrySecrets.Count == 1 ? "it" : "them")}, and revoke the credential {(site.RegistrySecrets.Count == 1 ? "it holds" : "they hold")} on {site.Family.DisplayName}.");
    }
}
