using System.Text.RegularExpressions;
using Reconciler.Core.Yaml;

namespace Reconciler.Core.Publishing.MavenCentral;

/// <summary>
/// Maven Central through Gradle (<c>publish</c>, <c>publishToSonatype</c>, <c>sonatypeCentralUpload</c>, …).
/// Central has no trusted publishing, so the secrets stay, but only in the environment-scoped
/// publish job. build-artifact publishes the unsigned files into a local Maven layout without any
/// secret; publish signs them with gpg and uploads the bundle to the Central Portal with curl,
/// tools already on the runner, so Gradle never runs where the signing key is.
/// </summary>
public sealed partial class MavenCentralPublishing : IRegistryFamily
{
    public const string StagingDirectory = "maven-staging/";

    public const string PortalUploadUrl = "https://central.sonatype.com/api/v1/publisher/upload?publishingType=AUTOMATIC";

    public const string PortalStatusUrl = "https://central.sonatype.com/api/v1/publisher/status";

    /// <summary>The checksum list build-artifact writes and publish verifies before signing.</summary>
    public const string ChecksumFile = "SHA256SUMS";

    /// <summary>The variables the sign-and-upload script reads, and the names projects use for them.</summary>
    private static readonly (string Name, string[] Aliases)[] ScriptVariables =
    [
        ("MAVEN_USERNAME", ["MAVEN_USERNAME", "ORG_GRADLE_PROJECT_mavenCentralUsername", "SONATYPE_USERNAME", "OSSRH_USERNAME"]),
        ("MAVEN_PASSWORD", ["MAVEN_PASSWORD", "ORG_GRADLE_PROJECT_mavenCentralPassword", "SONATYPE_PASSWORD", "OSSRH_PASSWORD"]),
        ("MAVEN_SIGNATURE_SECRET_KEY", ["MAVEN_SIGNATURE_SECRET_KEY", "ORG_GRADLE_PROJECT_signingInMemoryKey", "SIGNING_KEY", "GPG_PRIVATE_KEY"]),
        ("MAVEN_SIGNATURE_PASSWORD", ["MAVEN_SIGNATURE_PASSWORD", "ORG_GRADLE_PROJECT_signingInMemoryKeyPassword", "SIGNING_PASSWORD", "GPG_PASSPHRASE"]),
    ];

    /// <summary>The optional signing key id (Fern's build.gradle passes it to Gradle's in-memory signatory).</summary>
    private static readonly string[] KeyIdAliases = ["MAVEN_SIGNATURE_KID", "ORG_GRADLE_PROJECT_signingInMemoryKeyId", "SIGNING_KEY_ID"];

    public string RegistryId => "maven-central";

    public string DisplayName => "Maven Central";

    public bool TrustedPublishing => false;

    public string BuildStepName => "Build the Maven bundle (unsigned)";

    public LineRole ActionRole(string action) => LineRole.Other;

    public LineRole RoleOf(string line) =>
        GradlePublish().IsMatch(line) || MavenDeploy().IsMatch(line) || PortalUpload().IsMatch(line) ? LineRole.Publish : LineRole.Other;

    public string? Unsupported(PublishSite site)
    {
        if (site.PublishLines.Any(l => PortalUpload().IsMatch(l)))
        {
            return "the job already uploads to the Central Portal with curl after building; move the build into its own job by hand";
        }

        if (site.PublishLines.Any(l => MavenDeploy().IsMatch(l)))
        {
            return "`mvn deploy` builds are not split automatically yet: stage with `-DaltDeploymentRepository` and sign in a separate job by hand";
        }

        if (site.HasControlFlow || site.PublishLines.Count() > 1)
        {
            return "the Gradle upload is conditional or repeated; Reconcile splits a single upload command";
        }

        if (SignTasks(site) is null)
        {
            return "the Gradle build signs publications in a way Reconcile can't read, so it can't build them unsigned";
        }

        switch (Version(site))
        {
            case null:
                return "the Gradle build's version isn't written down as a literal (in build.gradle or gradle.properties), so it could be a -SNAPSHOT, which the Central Portal upload must never receive; Reconcile can't tell";
            case var v when v.Contains("SNAPSHOT", StringComparison.OrdinalIgnoreCase):
                return $"the Gradle build's version is `{v}`: a snapshot belongs in the snapshot repository, never in the Central Portal release upload";
        }

        var missing = ScriptVariables.Where(v => SecretFor(site, v.Aliases) is null).Select(v => v.Name).ToList();
        return missing.Count > 0
            ? $"the upload step doesn't show which secrets sign and upload ({string.Join(", ", missing)} not found in its env)"
            : null;
    }

    public Artifact Artifact(PublishSite site) => new("maven-bundle", StagingDirectory, "Maven bundle");

    public string BuildOnly(PublishSite site, string publishLine)
    {
        var gradle = ShellScript.Words(publishLine)[0];
        var skip = string.Concat(SignTasks(site)!.Select(t => $" -x {t}"));
        var staging = StagingDirectory.TrimEnd('/');
        return $"{gradle} publishToMavenLocal{skip} -Dmaven.repo.local=\"$PWD/{staging}\"\n" +
            $"(cd {staging} && find . -type f -print0 | sort -z | xargs -0 shasum -a 256 > ../{staging}.sha256 && mv ../{staging}.sha256 {ChecksumFile})";
    }

    public bool IsPublishEnv(string name) =>
        name is "MAVEN_PUBLISH_REGISTRY_URL" || ScriptVariables.Any(v => v.Aliases.Contains(name)) || KeyIdAliases.Contains(name)
        || name.StartsWith("ORG_GRADLE_PROJECT_signing", StringComparison.Ordinal) || name.StartsWith("ORG_GRADLE_PROJECT_mavenCentral", StringComparison.Ordinal)
        || name.StartsWith("MAVEN_SIGNATURE_", StringComparison.Ordinal);

    public IReadOnlyList<YValue> UploadSteps(PublishSite site, PublishJobContext context)
    {
        var env = ScriptVariables.Select(v => new YMapItem(v.Name, YValue.Raw(SecretFor(site, v.Aliases)!), null)).ToList();
        if (SecretFor(site, KeyIdAliases) is { } keyId)
        {
            // Gradle signed with this (sub)key; gpg must pick the same one.
            env.Add(new YMapItem("MAVEN_SIGNATURE_KID", YValue.Raw(keyId), null));
        }

        // The portal answers the upload with a deployment id; the release is only out once that deployment is PUBLISHED.
        const string script = """
            set -euo pipefail
            cd maven-staging
            # Exactly the files build-artifact built: nothing changed on the way.
            sha256sum --check --strict --quiet CHECKSUMS
            rm CHECKSUMS
            # Gradle's local-repository bookkeeping is not part of a release.
            find . -name 'maven-metadata*' -delete
            if find . -name '*-SNAPSHOT*' | grep -q .; then
              echo "::error::the bundle holds -SNAPSHOT files; snapshots never go to the Central Portal release upload"
              exit 1
            fi
            gpg --batch --import <<<"$MAVEN_SIGNATURE_SECRET_KEY"
            find . -type f | sort | while read -r file; do
              gpg --batch --yes --pinentry-mode loopback --passphrase "$MAVEN_SIGNATURE_PASSWORD" ${MAVEN_SIGNATURE_KID:+--local-user "$MAVEN_SIGNATURE_KID"} --armor --detach-sign "$file"
              md5sum "$file" | cut -d' ' -f1 > "$file.md5"
              sha1sum "$file" | cut -d' ' -f1 > "$file.sha1"
            done
            zip -qr ../central-bundle.zip .
            token=$(printf '%s:%s' "$MAVEN_USERNAME" "$MAVEN_PASSWORD" | base64 -w0)
            deployment=$(curl --fail-with-body --silent --show-error --request POST --header "Authorization: Bearer $token" \
              --form bundle=@../central-bundle.zip \
              'PORTAL')
            echo "Central Portal deployment $deployment"
            for _ in $(seq 1 120); do
              sleep 30
              state=$(curl --fail-with-body --silent --show-error --request POST --header "Authorization: Bearer $token" \
                "STATUS?id=$deployment" | jq -r '.deploymentState')
              echo "Deployment $deployment: $state"
              case "$state" in
                PUBLISHED) exit 0 ;;
                FAILED)
                  echo "::error::the Central Portal rejected deployment $deployment; see central.sonatype.com → Deployments"
                  exit 1
                  ;;
              esac
            done
            echo "::error::deployment $deployment was not PUBLISHED within an hour; see central.sonatype.com → Deployments"
            exit 1

            """;
        return
        [
            new YMapValue(
            [
                new("name", YValue.Str(site.PublishStep.Name ?? "Publish to Maven Central"), null),
                new("env", new YMapValue(env), null),
                new("run", YValue.Str(script.Replace("PORTAL", PortalUploadUrl, StringComparison.Ordinal).Replace("STATUS", PortalStatusUrl, StringComparison.Ordinal).Replace("CHECKSUMS", ChecksumFile, StringComparison.Ordinal)), null),
            ]),
        ];
    }

    public string DescribeUpload(PublishSite site) =>
        $"checks the files against the `{ChecksumFile}` build-artifact wrote, signs them with gpg, uploads the bundle to the Central Portal with curl and waits until the deployment is `PUBLISHED` (the job fails on `FAILED` or after an hour); it runs on `ubuntu-latest` whatever runner built";

    public bool UploadsOnLinux => true;

    public IReadOnlyList<ManualStep> ManualSteps(PublishSite site, PublishJobContext context)
    {
        var secrets = Prose.Code(site.RegistrySecrets);
        return
        [
            new($"environment-secrets:{context.Environment}",
                $"In the environment `{context.Environment}`, create the secrets {secrets} with their current values, then delete the repository secrets of the same names: " +
                $"only the `{site.Job.Id}` job may read them."),
            new("maven-central:portal-token",
                "Make sure the username and password secrets hold a Central Portal user token (central.sonatype.com → View Account → Generate User Token): " +
                "the job uploads through the Portal API, and the old OSSRH endpoints are gone."),
        ];
    }

    /// <summary>The value (e.g. <c>${{ secrets.MAVEN_PASSWORD }}</c>) the original step or job gave a variable, by any of its names.</summary>
    private static string? SecretFor(PublishSite site, string[] aliases)
    {
        foreach (var env in new[] { site.PublishStep.Env, site.Job.Map?.Map("env") })
        {
            foreach (var entry in env?.Entries ?? [])
            {
                if (aliases.Contains(entry.KeyText) && entry.Value is YScalar s && s.Value.Contains("secrets.", StringComparison.Ordinal))
                {
                    return s.Value;
                }
            }
        }

        return null;
    }

    /// <summary>The project version the Gradle build writes down (build script, then gradle.properties), or null when it isn't a literal.</summary>
    private static string? Version(PublishSite site)
    {
        if (site.PublishLines.Any(l => l.Contains("-Pversion", StringComparison.Ordinal) || l.Contains("-Dversion", StringComparison.Ordinal)))
        {
            return null; // set on the command line, from who knows what
        }

        var versions = GradleVersion().Matches(Manifests.GradleBuild(site.Repository) ?? "")
            .Concat(PropertiesVersion().Matches(site.Repository.Files.GetValueOrDefault("gradle.properties") ?? ""))
            .Select(m => m.Groups[1].Value).ToList();
        return versions.FirstOrDefault(v => v.Contains("SNAPSHOT", StringComparison.OrdinalIgnoreCase)) ?? versions.FirstOrDefault();
    }

    /// <summary>The Gradle signing tasks to skip for an unsigned build, or null when the build script signs in a way we can't read.</summary>
    private static IReadOnlyList<string>? SignTasks(PublishSite site)
    {
        var gradle = Manifests.GradleBuild(site.Repository) ?? "";
        var tasks = SignPublication().Matches(gradle).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            .Select(p => $"sign{char.ToUpperInvariant(p[0])}{p[1..]}Publication").Distinct().ToList();
        var signs = gradle.Contains("sign(", StringComparison.Ordinal) || gradle.Contains("sign ", StringComparison.Ordinal);
        return tasks.Count == 0 && signs && gradle.Contains("signing", StringComparison.Ordinal) ? null : tasks;
    }

    [GeneratedRegex(@"^(\./gradlew|gradle)\b.*\s(publish|publishToSonatype|sonatypeCentralUpload|publishToMavenCentral|publishAndReleaseToMavenCentral|publishAllPublicationsTo\w+)\b")]
    private static partial Regex GradlePublish();

    [GeneratedRegex("""^\s*(?:project\.)?version\s*=\s*["']([^"'$]+)["']\s*$""", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex GradleVersion();

    [GeneratedRegex(@"^\s*(?:version|VERSION_NAME)\s*[=:]\s*([^\s$]+)\s*$", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex PropertiesVersion();

    [GeneratedRegex(@"^(?:\w+=\$\()?curl\b.*central\.sonatype\.com/api/v1/publisher/upload")]
    private static partial Regex PortalUpload();

    [GeneratedRegex(@"^(\./mvnw|mvn)\b.*\sdeploy\b")]
    private static partial Regex MavenDeploy();

    [GeneratedRegex("""sign\s*\(?\s*publishing\.publications(?:\.(\w+)|\[\s*["'](\w+)["']\s*\])""")]
    private static partial Regex SignPublication();
}
