using Reconciler.Core.Yaml;

namespace Reconciler.Tests.Yaml;

public class YamlEditorCommentsTests
{
    private static string Replace(string before, YValue value, params string[] path)
    {
        var doc = YamlDocument.Parse("ci.yml", before);
        var map = (YMap)doc.Root!;
        foreach (var key in path[..^1])
        {
            map = map.Map(key)!;
        }

        var edit = doc.Edit();
        edit.ReplaceValueKeepingComments(map, map.Find(path[^1])!, value);
        var after = edit.Apply();
        Assert.True(Parses(after), after); // still YAML
        return after;
    }

    private static bool Parses(string text)
    {
        try
        {
            YamlDocument.Parse("ci.yml", text);
            return true;
        }
        catch (YamlSyntaxException)
        {
            return false;
        }
    }

    [Fact]
    public void Comments_inside_a_block_move_above_the_key_in_order()
    {
        const string before =
            "on: push\npermissions: # org default\n  # Everything reads the repository.\n  contents: read   # checkout\n\n  id-token: write #  npm trusted publishing\n  # end of grants\njobs: {}\n";
        Assert.Equal(
            "on: push\n# Everything reads the repository.\n# (was contents: read) checkout\n# (was id-token: write) npm trusted publishing\n# end of grants\npermissions: {} # org default\njobs: {}\n",
            Replace(before, YValue.EmptyMap, "permissions"));
    }

    [Fact]
    public void Without_comments_inside_it_is_exactly_ReplaceValue()
    {
        const string before = "on: push\npermissions:   # why\n  contents: read\n\n  id-token: write\n\njobs: {}\n";
        var doc = YamlDocument.Parse("ci.yml", before);
        var plain = doc.Edit();
        plain.ReplaceValue((YMap)doc.Root!, ((YMap)doc.Root!).Find("permissions")!, YValue.EmptyMap);
        Assert.Equal(plain.Apply(), Replace(before, YValue.EmptyMap, "permissions"));
        Assert.Equal("on: push\npermissions: {} # why\n\njobs: {}\n", plain.Apply());
    }

    [Theory]
    [InlineData("permissions: write-all # legacy\n", "permissions: {} # legacy\n")]
    [InlineData("permissions: { contents: read }  # checkout only\n", "permissions: {}  # checkout only\n")]
    [InlineData("permissions: {contents: read, id-token: write}\n", "permissions: {}\n")]
    public void An_inline_value_keeps_the_comment_after_it(string before, string after) =>
        Assert.Equal(after, Replace(before, YValue.EmptyMap, "permissions"));

    [Fact]
    public void A_multi_line_flow_mapping_gives_up_its_comments_too()
    {
        const string before = "permissions: {\n  contents: read,  # checkout\n  id-token: write\n}  # trailing\n";
        Assert.Equal("# (was contents: read) checkout\npermissions: {}  # trailing\n", Replace(before, YValue.EmptyMap, "permissions"));
    }

    [Fact]
    public void An_inline_value_replaced_by_a_block_leaves_its_comment_on_the_key_line()
    {
        const string before = "jobs:\n  build:\n    permissions: write-all # copied from the release job\n    runs-on: x\n";
        Assert.Equal(
            "jobs:\n  build:\n    permissions: # copied from the release job\n      contents: read\n    runs-on: x\n",
            Replace(before, YValue.Map(("contents", YValue.Str("read"))), "jobs", "build", "permissions"));
    }

    [Fact]
    public void A_kept_entry_keeps_its_comment_on_its_line_and_a_changed_one_moves_up()
    {
        const string before = "jobs:\n  build:\n    permissions: {\n      contents: read,   # checkout\n      id-token: write }   # publishing\n    runs-on: x\n";
        var value = YValue.Map(("contents", YValue.Str("read")));
        Assert.Equal(
            "jobs:\n  build:\n    permissions: # publishing\n      contents: read # checkout\n    runs-on: x\n",
            Replace(before, value, "jobs", "build", "permissions"));
    }

    [Fact]
    public void A_hash_inside_a_quoted_value_is_not_a_comment()
    {
        const string before = "env:\n  A: 'x # y'\n  B: \"#z\" # real\non: push\n";
        Assert.Equal("# (was B: \"#z\") real\nenv: {}\non: push\n", Replace(before, YValue.EmptyMap, "env"));
    }

    [Fact]
    public void Indented_comment_lines_after_the_block_go_with_it_and_blank_lines_stay()
    {
        const string before = "permissions:\n  contents: read\n  # issues: write  (maybe later)\n\n# about jobs\njobs: {}\n";
        Assert.Equal("# issues: write  (maybe later)\npermissions: {}\n\n# about jobs\njobs: {}\n", Replace(before, YValue.EmptyMap, "permissions"));
    }

    [Fact]
    public void Crlf_files_get_crlf_comment_lines()
    {
        const string before = "on: push\r\npermissions:\r\n  contents: read # checkout\r\njobs: {}\r\n";
        Assert.Equal("on: push\r\n# (was contents: read) checkout\r\npermissions: {}\r\njobs: {}\r\n", Replace(before, YValue.EmptyMap, "permissions"));
    }

    [Fact]
    public void Comments_of_a_job_block_go_above_it_at_its_indentation()
    {
        const string before = "jobs:\n  build:\n    runs-on: x\n    permissions:\n      # nothing needs these\n      contents: write # release\n    steps: []\n";
        Assert.Equal(
            "jobs:\n  build:\n    runs-on: x\n    # nothing needs these\n    # (was contents: write) release\n    permissions: {}\n    steps: []\n",
            Replace(before, YValue.EmptyMap, "jobs", "build", "permissions"));
    }

    [Fact]
    public void A_flow_collection_ends_past_its_closing_bracket()
    {
        var doc = YamlDocument.Parse("ci.yml", "a: { b: c }  # x\nd: [e, f]\ng: [h: i]\n");
        var root = (YMap)doc.Root!;
        var edit = doc.Edit();
        Assert.Equal("{ b: c }", edit.TextOf(root["a"]!));
        Assert.Equal("[e, f]", edit.TextOf(root["d"]!));
        edit.ReplaceValue(root, root.Find("d")!, YValue.FlowSeq("x"));
        Assert.Equal("a: { b: c }  # x\nd: [x]\ng: [h: i]\n", edit.Apply());
    }
}
