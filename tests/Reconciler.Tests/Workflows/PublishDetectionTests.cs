using Reconciler.Core.Workflows;

namespace Reconciler.Tests.Workflows;

public class PublishDetectionTests
{
    private static bool Publishes(string step) =>
        PublishDetection.Publishes(Workflow.Parse("ci.yml", $"on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - {step}\n"));

    [Theory]
    [InlineData("run: poetry publish --build")]
    [InlineData("run: poetry --no-interaction -v publish --build --repository remote")]
    [InlineData("run: twine upload dist/*")]
    [InlineData("run: uv publish")]
    [InlineData("run: npm publish --access public")]
    [InlineData("run: npx -y npm@latest publish --tag beta")]
    [InlineData("run: yarn npm publish")]
    [InlineData("run: pnpm publish --no-git-checks")]
    [InlineData("run: ./gradlew sonatypeCentralUpload")]
    [InlineData("run: ./gradlew publish")]
    [InlineData("run: mvn -B deploy")]
    [InlineData("run: dotnet nuget push out/*.nupkg --api-key $KEY")]
    [InlineData("run: gem push acme-1.0.0.gem")]
    [InlineData("run: cargo publish")]
    [InlineData("uses: pypa/gh-action-pypi-publish@release/v1")]
    [InlineData("uses: rubygems/release-gem@v1")]
    public void Publishing_steps_are_recognised(string step) => Assert.True(Publishes(step));

    [Theory]
    [InlineData("run: poetry build")]
    [InlineData("run: npm pack")]
    [InlineData("run: ./gradlew publishToMavenLocal")]
    [InlineData("run: echo publishing soon")]
    [InlineData("uses: changesets/action@v1")]
    [InlineData("uses: actions/checkout@v6")]
    public void Other_steps_are_not(string step) => Assert.False(Publishes(step));

    [Theory]
    [InlineData("./gradlew publishToMavenLocal publish", "./gradlew publishToMavenLocal publish")]
    [InlineData("gradle clean publishAllPublicationsToSonatypeRepository", "gradle clean publishAllPublicationsToSonatypeRepository")]
    [InlineData("poetry -n --no-ansi publish", "poetry -n --no-ansi publish")]
    [InlineData("set -e; mvn -B -P release deploy -DskipTests", "mvn -B -P release deploy")]
    public void The_publish_command_is_quoted_from_the_script(string script, string command) =>
        Assert.Equal(command, PublishDetection.PublishCommandIn(script));

    [Theory]
    [InlineData("./gradlew publishToMavenLocal")]
    [InlineData("./gradlew build publishToMavenLocalRepository")]
    [InlineData("poetry --a --a x")]
    public void Not_a_publish_command(string script) => Assert.Null(PublishDetection.PublishCommandIn(script));

    [Fact]
    public void Hostile_scripts_are_read_in_one_pass()
    {
        // Exponential (poetry's options) and quadratic (a command name repeated on one line) for a backtracking match.
        Assert.Null(PublishDetection.PublishCommandIn("poetry " + string.Concat(Enumerable.Repeat("--a ", 40)) + "x"));
        Assert.Null(PublishDetection.PublishCommandIn(string.Concat(Enumerable.Repeat("./gradlew mvn ", 80_000))));
        Assert.Equal("poetry" + string.Concat(Enumerable.Repeat(" --a", 40)) + " publish", PublishDetection.PublishCommandIn("poetry" + string.Concat(Enumerable.Repeat(" --a", 40)) + " publish"));
    }
}
