using System.Text.RegularExpressions;

namespace Reconciler.Core.Rules;

/// <summary>
/// What common actions and commands need from the GITHUB_TOKEN. Data, kept in one place so a
/// reviewer can check it line by line. Grants are written <c>scope: level</c>; a trailing <c>?</c>
/// means "kept when the job already has it" (a registry upload may use trusted publishing via
/// OIDC, or a token: we can't tell, so we neither add nor remove it).
/// An action not listed here makes the job "unknown": its grant is kept, never guessed. So does a
/// <c>run:</c> command that <see cref="NoTokenCommands"/> doesn't know, including every command below:
/// what they list is only what they need at least (said in a note when the grant lacks it).
/// </summary>
public static class PermissionKnowledge
{
    /// <summary>Actions by owner/repo (or owner/repo/path), case-insensitive.</summary>
    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["actions/checkout"] = "contents: read",
        ["actions/setup-python"] = "",
        ["actions/setup-node"] = "",
        ["actions/setup-java"] = "",
        ["actions/setup-go"] = "",
        ["actions/setup-dotnet"] = "",
        ["ruby/setup-ruby"] = "",
        ["pnpm/action-setup"] = "",
        ["astral-sh/setup-uv"] = "",
        ["snok/install-poetry"] = "",
        ["eifinger/setup-rye"] = "",
        ["gradle/actions/setup-gradle"] = "",
        ["gradle/gradle-build-action"] = "",
        ["dtolnay/rust-toolchain"] = "",
        ["pypa/cibuildwheel"] = "",
        ["actions/cache"] = "",
        ["actions/cache/restore"] = "",
        ["actions/cache/save"] = "",
        ["actions/upload-artifact"] = "",
        ["actions/download-artifact"] = "",
        ["actions/create-github-app-token"] = "",
        ["bahmutov/npm-install"] = "",
        ["martinbeentjes/npm-get-version-action"] = "",
        ["codecov/codecov-action"] = "id-token: write?", // use_oidc: true uploads with an OIDC token
        ["softprops/action-gh-release"] = "contents: write",
        ["ncipollo/release-action"] = "contents: write",
        ["rickstaa/action-create-tag"] = "contents: write",
        ["stefanzweifel/git-auto-commit-action"] = "contents: write",
        ["ad-m/github-push-action"] = "contents: write",
        ["googleapis/release-please-action"] = "contents: write, issues: write, pull-requests: write", // issues: its labels
        ["changesets/action"] = "contents: write, pull-requests: write, id-token: write?",
        ["peter-evans/create-pull-request"] = "contents: write, pull-requests: write",
        ["pypa/gh-action-pypi-publish"] = "id-token: write",
        ["rubygems/release-gem"] = "contents: write, id-token: write",
        ["rubygems/configure-rubygems-credentials"] = "id-token: write",
        ["sigstore/gh-action-sigstore-python"] = "id-token: write",
        ["actions/attest-build-provenance"] = "id-token: write, attestations: write",
        ["actions/attest"] = "id-token: write, attestations: write",
        ["github/codeql-action/upload-sarif"] = "security-events: write",
        ["github/codeql-action/init"] = "security-events: write, actions: read, packages: read?", // packages: private query packs
        ["github/codeql-action/analyze"] = "security-events: write, actions: read, packages: read?",
        ["actions/dependency-review-action"] = "contents: read",
        ["actions/upload-pages-artifact"] = "",
        ["actions/configure-pages"] = "pages: read",
        ["actions/deploy-pages"] = "pages: write, id-token: write",
        ["actions/labeler"] = "contents: read, pull-requests: write",
        ["actions/stale"] = "issues: write, pull-requests: write, actions: write?", // actions: its state cache
    };

    /// <summary>Shell commands (a regex over <c>run:</c>) and what they need at least.</summary>
    public static readonly IReadOnlyList<(Regex Pattern, string Command, string Grants)> Commands =
    [
        (Cmd(@"gh\s+release\s+(view|download|list)"), "gh release view/download", "contents: read"),
        (Cmd(@"gh\s+release\s+(create|upload|edit|delete)"), "gh release create", "contents: write"),
        (Cmd(@"git\s+push"), "git push", "contents: write"),
        (Cmd(@"gh\s+api\s+\S*git/(refs|tags)"), "tag creation (gh api git/refs)", "contents: write"),
        (Cmd(@"gh\s+pr\s+(create|edit|merge|comment|review|close|reopen)"), "gh pr", "pull-requests: write"),
        (Cmd(@"gh\s+pr\s+(view|list|checks|diff|status)"), "gh pr view", "pull-requests: read"),
        (Cmd(@"gh\s+issue\s+(create|comment|edit|close|reopen)"), "gh issue", "issues: write"),
        (Cmd(@"gh\s+run\s+(download|view|list|watch)"), "gh run", "actions: read"),
        (Cmd(@"gh\s+workflow\s+run"), "gh workflow run", "actions: write"),
        (Cmd(@"npm\s+publish\b[^\n]*--provenance"), "npm publish --provenance", "id-token: write"),
        (Cmd(@"(npm|pnpm|yarn(\s+npm)?)\s+publish|npx\s+(-y\s+)?npm(@\S+)?\s+publish"), "npm publish", "id-token: write?"),
        (Cmd(@"poetry(\s+-[\w-]+)*\s+publish|twine\s+upload|uv\s+publish|hatch\s+publish|flit\s+publish"), "a PyPI upload", "id-token: write?"),
        (Cmd(@"gem\s+push|cargo\s+publish|dotnet\s+nuget\s+push"), "a registry upload", "id-token: write?"),
    ];

    // Scripts come from repositories: the non-backtracking engine keeps every match linear in their length.
    private static Regex Cmd(string pattern) => new(@"(^|[\s;&|(`])(" + pattern + @")\b", RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
}
