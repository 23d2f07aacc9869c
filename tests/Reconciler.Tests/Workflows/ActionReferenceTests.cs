using Reconciler.Core.Workflows;

namespace Reconciler.Tests.Workflows;

public class ActionReferenceTests
{
    [Theory]
    [InlineData("actions/checkout@v6", "actions/checkout", "actions/checkout", "v6", true, false, false)]
    [InlineData("github/codeql-action/upload-sarif@v4", "github/codeql-action", "github/codeql-action/upload-sarif", "v4", true, false, false)]
    [InlineData("acme/shared/.github/workflows/verify.yml@1.0.2", "acme/shared", "acme/shared/.github/workflows/verify.yml", "1.0.2", true, false, false)]
    [InlineData("pypa/gh-action-pypi-publish@release/v1", "pypa/gh-action-pypi-publish", "pypa/gh-action-pypi-publish", "release/v1", false, false, true)]
    [InlineData("actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd", "actions/checkout", "actions/checkout", "de0fac2e4500dabe0009e67214ff5f5447ce83dd", false, true, false)]
    public void Remote_references_are_split_into_action_name_and_ref(string text, string action, string name, string reference, bool tag, bool sha, bool branch)
    {
        var r = ActionReference.Parse(text);
        Assert.Equal(ActionReferenceKind.Remote, r.Kind);
        Assert.Equal(action, r.Action);
        Assert.Equal(name, r.Name);
        Assert.Equal(reference, r.Ref);
        Assert.Equal(tag, r.IsVersionTag);
        Assert.Equal(sha, r.IsSha);
        Assert.Equal(branch, r.IsBranchLike);
        Assert.Equal(text, r.WithRef(reference));
    }

    [Theory]
    [InlineData("./.github/actions/setup", ActionReferenceKind.Local)]
    [InlineData("./.github/workflows/shared.yml", ActionReferenceKind.Local)]
    [InlineData("docker://alpine:3.20", ActionReferenceKind.Docker)]
    [InlineData("actions/checkout", ActionReferenceKind.Invalid)]
    [InlineData("${{ matrix.action }}@v1", ActionReferenceKind.Invalid)]
    public void Other_references_are_classified(string text, ActionReferenceKind kind) => Assert.Equal(kind, ActionReference.Parse(text).Kind);
}
