using Reconciler.Core.Workflows;
using Reconciler.Core.Yaml;

namespace Reconciler.Tests.Workflows;

public class ActionMetadataTests
{
    private const string Composite = """
        name: Set up
        description: Install Python
        runs:
          using: composite
          steps:
            - name: Python
              uses: actions/setup-python@v5
              with:
                python-version: "3.12"
            - run: pip install build
              shell: bash
            - uses: ./.github/actions/tooling
        """;

    [Fact]
    public void A_composite_action_has_its_name_kind_and_steps()
    {
        var action = ActionMetadata.Parse("action.yml", Composite);

        Assert.Equal("Set up", action.Name);
        Assert.Equal("composite", action.Using);
        Assert.True(action.IsComposite);
        Assert.Equal(["actions/setup-python@v5", null, "./.github/actions/tooling"], action.Steps.Select(s => s.Uses));
        Assert.Equal("pip install build", action.Steps[1].Run);
        Assert.Equal([0, 1, 2], action.Steps.Select(s => s.Index));
    }

    [Fact]
    public void A_composite_actions_uses_are_sites_named_by_step()
    {
        var sites = UsesSite.All(ActionMetadata.Parse("action.yml", Composite)).ToList();

        Assert.Equal(["step 1 (Python)", "step 3"], sites.Select(s => s.Where));
        Assert.All(sites, s => Assert.Null(s.Job));
        Assert.Equal((7, 13), (sites[0].Node.Start.Line, sites[0].Node.Start.Column));
    }

    [Fact]
    public void A_site_reads_its_value_in_a_new_version_of_the_file()
    {
        var site = UsesSite.All(ActionMetadata.Parse("action.yml", Composite)).First();
        var pinned = ActionMetadata.Parse("action.yml", Composite.Replace("@v5", "@a26af69be951a213d495a4c3e4e4022e16d87065", StringComparison.Ordinal));

        Assert.Equal("actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065", site.ValueIn(pinned));
        Assert.Null(site.ValueIn(Workflow.Parse("ci.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/setup-python@v5\n")));
    }

    [Theory]
    [InlineData("runs:\n  using: node20\n  main: dist/index.js\n", "node20")]
    [InlineData("runs:\n  using: docker\n  image: Dockerfile\n  args: [--verbose]\n", "docker")]
    [InlineData("runs:\n  using: \"node24\"\n  main: index.js\n  steps:\n    - uses: a/b@v1\n", "node24")]
    public void A_node_or_docker_action_has_no_steps(string text, string kind)
    {
        var action = ActionMetadata.Parse(".github/actions/x/action.yml", text);

        Assert.Equal(kind, action.Using);
        Assert.False(action.IsComposite);
        Assert.Empty(action.Steps);
        Assert.Empty(UsesSite.All(action));
    }

    [Fact]
    public void A_composite_action_without_steps_has_none()
    {
        Assert.Empty(ActionMetadata.Parse("action.yml", "runs:\n  using: composite\n").Steps);
    }

    [Fact]
    public void Malformed_yaml_throws_with_line_and_column()
    {
        var ex = Assert.Throws<YamlSyntaxException>(() => ActionMetadata.Parse("action.yml", "name: x\nruns:\n  using: composite\n  steps: [\n"));
        Assert.True(ex.Line >= 4, $"line {ex.Line}");
        Assert.True(ex.Column >= 1);
    }

    [Theory]
    [InlineData("", 1, 1, "not a YAML mapping")]
    [InlineData("- a\n- b\n", 1, 1, "not a YAML mapping")]
    [InlineData("name: x\ndescription: y\n", 1, 1, "needs 'runs'")]
    [InlineData("name: x\nruns: composite\n", 2, 7, "'runs' must be a mapping")]
    [InlineData("name: x\nruns:\n  main: index.js\n", 3, 3, "'runs.using'")]
    [InlineData("name: x\nruns:\n  using: ''\n  main: index.js\n", 3, 10, "'runs.using'")]
    [InlineData("on: push\njobs:\n  a:\n    runs-on: x\n", 1, 1, "needs 'runs'")]
    public void Yaml_that_is_not_action_metadata_throws_where_it_goes_wrong(string text, int line, int column, string message)
    {
        var ex = Assert.Throws<NotAnActionException>(() => ActionMetadata.Parse("action.yml", text));
        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
