using Reconciler.Core.Rules;

namespace Reconciler.Tests.Rules;

/// <summary>Which <c>run:</c> scripts are known to need no token: only those made of well-known commands.</summary>
public class NoTokenCommandsTests
{
    /// <summary>The first command of the script that isn't known to need no token, or null when every one is.</summary>
    private static string? FirstUnknown(string script) =>
        ShellCommands.Of(script).FirstOrDefault(c => !NoTokenCommands.NeedNoToken(c)) is { } c ? string.Join(' ', c) : null;

    [Theory]
    [InlineData("npm ci\nnpm run build\nnpm test")]
    [InlineData("pip install -r requirements.txt && pytest -q")]
    [InlineData("python -m pip install --upgrade pip build\npython -m build")]
    [InlineData("curl -sSL https://install.python-poetry.org | python - -y --version 1.5.1")]
    [InlineData("poetry install\npoetry run pytest -rP .")]
    [InlineData("dotnet restore\ndotnet build --no-restore -c Release\ndotnet test")]
    [InlineData("./gradlew clean build --no-daemon -PskipSigning=true")]
    [InlineData("mvn -B -DskipTests=false verify")]
    [InlineData("cargo build --release && cargo test")]
    [InlineData("bundle install\nbundle exec rake test\nbundle exec rspec")]
    [InlineData("echo \"version=$(git describe --tags)\" >> \"$GITHUB_OUTPUT\" # the tag")]
    [InlineData("if [ -z \"$X\" ]; then\n  echo 'none; really' 2>&1\nfi")]
    [InlineData("cat > ~/.npmrc <<EOF\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n./bin/not-a-command\nEOF\nls -la")]
    [InlineData("export VERSION=1.2.3\nsudo apt-get install -y jq\nuv sync --frozen\nuv run pytest")]
    [InlineData("for f in dist/*; do\n  sha256sum \"$f\"\ndone")]
    [InlineData("uv run --frozen --python ${{ matrix.python-version }} pytest")]
    [InlineData("pipx run build && uvx pytest -q")]
    [InlineData("case \"$STATE\" in\n  PUBLISHED) echo done ;;\n  FAILED|PENDING) exit 1 ;;\nesac")]
    [InlineData("./gradlew publishToMavenLocal -Dmaven.repo.local=$PWD/maven-repo")]
    [InlineData("echo \"$GPG_KEY\" | gpg --batch --import")]
    [InlineData("cat <<'EOF'\nan unterminated here-document is data to the end\n")]
    public void Scripts_of_well_known_commands_need_no_token(string script) => Assert.Null(FirstUnknown(script));

    [Theory]
    [InlineData("bash ./bin/publish-pypi", "bash ./bin/publish-pypi")]
    [InlineData("./bin/publish-npm", "./bin/publish-npm")]
    [InlineData("scripts/release.sh --dry-run", "scripts/release.sh --dry-run")]
    [InlineData("python scripts/bump.py", "python scripts/bump.py")]
    [InlineData("make release", "make release")]
    [InlineData("npm ci\nnpm run release", "npm run release")]
    [InlineData("yarn semantic-release", "yarn semantic-release")]
    [InlineData("npx semantic-release", "npx semantic-release")]
    [InlineData("bundle exec rake release", "bundle exec rake release")]
    [InlineData("npm publish --access public", "npm publish --access public")]
    [InlineData("poetry --no-interaction -v publish --build", "poetry --no-interaction -v publish --build")]
    [InlineData("twine upload dist/*", "twine upload dist/*")]
    [InlineData("python3 -m twine upload dist/*", "python3 -m twine upload dist/*")]
    [InlineData("uv publish", "uv publish")]
    [InlineData("cargo publish --locked", "cargo publish --locked")]
    [InlineData("gem push *.gem", "gem push *.gem")]
    [InlineData("dotnet nuget push out/*.nupkg -k $KEY", "dotnet nuget push out/*.nupkg -k $KEY")]
    [InlineData("mvn -B deploy", "mvn -B deploy")]
    [InlineData("./gradlew publishToSonatype closeAndReleaseSonatypeStagingRepository", "./gradlew publishToSonatype closeAndReleaseSonatypeStagingRepository")]
    [InlineData("git tag v1 && git push origin v1", "git tag v1")]
    [InlineData("gh release create v1", "gh release create v1")]
    [InlineData("goreleaser release --clean", "goreleaser release --clean")]
    [InlineData("echo $(./bin/version)", "./bin/version")]
    [InlineData("echo \"`./bin/version`\"", "./bin/version")]
    [InlineData("find . -name '*.sh' -exec {} \\;", "find . -name *.sh -exec {} ;")]
    [InlineData("${{ matrix.command }}", "${{…}}")]
    [InlineData("npx jsr publish", "npx jsr publish")]
    [InlineData("uv run --frozen ./bin/release", "uv run --frozen ./bin/release")]
    [InlineData("case $x in\n  a) ./bin/release ;;\nesac", "./bin/release")]
    [InlineData("(cd dist && ./bin/publish)", "./bin/publish")]
    [InlineData("./gradlew publishToMavenLocal publish", "./gradlew publishToMavenLocal publish")]
    [InlineData("pipx run twine upload dist/*", "pipx run twine upload dist/*")]
    [InlineData("release-plz release", "release-plz release")]
    public void Anything_else_is_unknown(string script, string first) => Assert.Equal(first, FirstUnknown(script));

    [Fact]
    public void Quotes_escapes_and_continuations_keep_words_together()
    {
        var commands = ShellCommands.Of("echo 'a | b' \"c && d\" e\\;f \\\n  g\ngit status");
        Assert.Equal(2, commands.Count);
        Assert.Equal(["echo", "a | b", "c && d", "e;f", "g"], commands[0]);
        Assert.Equal(["git", "status"], commands[1]);
    }
}
