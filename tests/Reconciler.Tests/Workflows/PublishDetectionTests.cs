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
}
