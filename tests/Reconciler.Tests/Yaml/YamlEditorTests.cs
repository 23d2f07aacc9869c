using Reconciler.Core.Yaml;

namespace Reconciler.Tests.Yaml;

public class YamlEditorTests
{
    private static (YamlDocument Doc, YamlEditor Edit) Open(string text)
    {
        var doc = YamlDocument.Parse("ci.yml", text);
        return (doc, doc.Edit());
    }

    [Fact]
    public void Inserting_a_root_key_keeps_every_other_byte()
    {
        const string before = "name: ci  # the build\non: [push]\n\njobs:\n  test:\n    runs-on: ubuntu-latest\n";
        var (doc, edit) = Open(before);
        edit.Insert((YMap)doc.Root!, "permissions", YValue.EmptyMap, YamlEditor.InsertAt.After("on"));
        Assert.Equal("name: ci  # the build\non: [push]\npermissions: {}\n\njobs:\n  test:\n    runs-on: ubuntu-latest\n", edit.Apply());
    }

    [Fact]
    public void Replacing_a_block_value_with_an_inline_one_keeps_the_key_comment()
    {
        const string before = "on: push\npermissions: # too wide\n  contents: write\n  id-token: write\njobs: {}\n";
        var (doc, edit) = Open(before);
        var root = (YMap)doc.Root!;
        edit.ReplaceValue(root, root.Find("permissions")!, YValue.EmptyMap);
        Assert.Equal("on: push\npermissions: {} # too wide\njobs: {}\n", edit.Apply());
    }

    [Fact]
    public void New_blocks_follow_four_space_indentation_and_crlf()
    {
        const string before = "on: push\r\njobs:\r\n    test:\r\n        runs-on: ubuntu-latest\r\n        steps:\r\n            - run: make\r\n";
        var (doc, edit) = Open(before);
        var job = ((YMap)doc.Root!).Map("jobs")!.Map("test")!;
        edit.Insert(job, "permissions", YValue.Map(("contents", YValue.Str("read"))), YamlEditor.InsertAt.After("runs-on"));
        Assert.Equal(
            "on: push\r\njobs:\r\n    test:\r\n        runs-on: ubuntu-latest\r\n        permissions:\r\n            contents: read\r\n        steps:\r\n            - run: make\r\n",
            edit.Apply());
    }

    [Fact]
    public void Pinning_a_uses_keeps_quotes_out_and_replaces_the_old_comment()
    {
        const string before = "steps:\n  - uses: actions/checkout@v4   # old\n  - uses: actions/setup-python@v6\n    with:\n      python-version: '3.12'\n";
        var (doc, edit) = Open(before);
        var steps = ((YMap)doc.Root!).Seq("steps")!;
        edit.ReplaceScalarAndComment((YScalar)((YMap)steps.Items[0])["uses"]!, YValue.Str("actions/checkout@abc"), "v4.2.2");
        edit.ReplaceScalarAndComment((YScalar)((YMap)steps.Items[1])["uses"]!, YValue.Str("actions/setup-python@def"), "v6.0.0");
        Assert.Equal(
            "steps:\n  - uses: actions/checkout@abc   # v4.2.2\n  - uses: actions/setup-python@def # v6.0.0\n    with:\n      python-version: '3.12'\n",
            edit.Apply());
    }

    [Fact]
    public void Appending_a_step_in_an_indentless_sequence_without_final_newline()
    {
        const string before = "steps:\n- run: a\n- name: b\n  run: |\n    echo b";
        var (doc, edit) = Open(before);
        var steps = ((YMap)doc.Root!).Seq("steps")!;
        edit.InsertItem(steps, steps.Items.Count, YValue.Map(("uses", YValue.Str("x/y@v1")), ("with", YValue.Map(("a", YValue.Str("1"))))));
        Assert.Equal("steps:\n- run: a\n- name: b\n  run: |\n    echo b\n- uses: x/y@v1\n  with:\n    a: '1'", edit.Apply());
    }

    [Fact]
    public void Duplicate_keys_are_reported_with_their_position()
    {
        var ex = Assert.Throws<YamlSyntaxException>(() => YamlDocument.Parse("ci.yml", "on: push\njobs:\n  a: {}\n  a: {}\n"));
        Assert.Equal(4, ex.Line);
        Assert.Equal(3, ex.Column);
    }

    [Fact]
    public void Removing_an_entry_takes_its_comment_lines()
    {
        const string before = "a: 1\n# about b\nb:\n  c: 2\n\nd: 3\n";
        var (doc, edit) = Open(before);
        var root = (YMap)doc.Root!;
        edit.Remove(root, root.Find("b")!);
        Assert.Equal("a: 1\n\nd: 3\n", edit.Apply());
    }

    [Fact]
    public void An_unclosed_flow_collection_at_the_end_of_the_file_is_a_syntax_error_with_a_position()
    {
        var ex = Assert.Throws<YamlSyntaxException>(() => YamlDocument.Parse("ci.yml", "on: [push\njobs: {\n"));
        Assert.Equal(2, ex.Line);
        Assert.Equal(8, ex.Column);
    }
}
