using Reconciler.Core.Publishing;

namespace Reconciler.Tests.Publishing;

public class RegistryDetectionTests
{
    [Theory]
    [InlineData("poetry publish --build", "pypi")]
    [InlineData("poetry --no-interaction -v publish --build --repository remote --username \"$U\" --password \"$P\"", "pypi")]
    [InlineData("twine upload dist/*", "pypi")]
    [InlineData("python -m twine upload --skip-existing dist/*", "pypi")]
    [InlineData("pipx run twine upload --verbose -u '__token__' wheelhouse/*.whl", "pypi")]
    [InlineData("uv publish", "pypi")]
    [InlineData("hatch publish", "pypi")]
    [InlineData("flit publish", "pypi")]
    [InlineData("npm publish --access public", "npm")]
    [InlineData("yarn publish --non-interactive", "npm")]
    [InlineData("yarn npm publish", "npm")]
    [InlineData("pnpm publish --no-git-checks", "npm")]
    [InlineData("./gradlew publish", "maven-central")]
    [InlineData("./gradlew publishToSonatype closeAndReleaseSonatypeStagingRepository", "maven-central")]
    [InlineData("./gradlew sonatypeCentralUpload", "maven-central")]
    [InlineData("mvn -B deploy -P release", "maven-central")]
    [InlineData("dotnet nuget push out/*.nupkg --api-key $KEY --source nuget.org", "nuget")]
    [InlineData("gem push acme-1.0.0.gem", "rubygems")]
    [InlineData("cargo publish --locked", "crates")]
    public void Each_publish_command_belongs_to_exactly_one_registry(string line, string registry)
    {
        var publishing = RegistryFamilies.All.Where(f => f.RoleOf(line) == LineRole.Publish).Select(f => f.RegistryId).ToList();
        Assert.Equal([registry], publishing);
    }

    [Theory]
    [InlineData("poetry build")]
    [InlineData("npm pack --pack-destination npm-package")]
    [InlineData("./gradlew publishToMavenLocal -Dmaven.repo.local=\"$PWD/maven-staging\"")]
    [InlineData("npm run build")]
    [InlineData("poetry run pytest")]
    [InlineData("dotnet pack -c Release")]
    public void Build_commands_are_not_publishing(string line) =>
        Assert.DoesNotContain(RegistryFamilies.All, f => f.RoleOf(line) == LineRole.Publish);

    [Theory]
    [InlineData("pypa/gh-action-pypi-publish", "pypi")]
    [InlineData("changesets/action", "npm")]
    [InlineData("rubygems/release-gem", "rubygems")]
    public void Publishing_actions_are_recognised(string action, string registry) =>
        Assert.Equal([registry], RegistryFamilies.All.Where(f => f.ActionRole(action) == LineRole.Publish).Select(f => f.RegistryId));

    [Fact]
    public void Continuation_lines_are_one_command()
    {
        var lines = ShellScript.Lines("twine upload \\\n  --skip-existing \\\n  dist/*\necho done\n");
        Assert.Equal(["twine upload --skip-existing dist/*", "echo done"], lines);
    }

    [Theory]
    [InlineData("if [[ ${GITHUB_REF} == *alpha* ]]; then", true)]
    [InlineData("elif [[ ${GITHUB_REF} == *beta* ]]; then", true)]
    [InlineData("else", true)]
    [InlineData("fi", true)]
    [InlineData("if [ -f x ]", false)]
    public void Shell_conditions_are_recognised(string line, bool isControlFlow) =>
        Assert.Equal(isControlFlow, ShellScript.IsControlFlow(line));
}
