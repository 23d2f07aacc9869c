using Reconciler.Core.Yaml;

namespace Reconciler.Tests.Yaml;

public class YamlEditorBlankLineTests
{
    [Theory]
    [InlineData("name: ci\n\non: push\njobs:\n  a: {}\n", "on", false)]
    [InlineData("name: ci\non: push\n\njobs:\n  a: {}\n", "on", true)]
    [InlineData("name: ci\non: push\n\n# the jobs\njobs:\n  a: {}\n", "on", true)]
    [InlineData("name: ci\r\non:\r\n  push:\r\n\r\njobs:\r\n  a: {}\r\n", "on", true)]
    public void New_root_entries_are_spaced_like_their_neighbours(string text, string after, bool expected)
    {
        var document = YamlDocument.Parse("ci.yml", text);
        var editor = document.Edit();
        Assert.Equal(expected, editor.BlankLineAt((YMap)document.Root!, YamlEditor.InsertAt.After(after)));
    }

    [Fact]
    public void An_entry_inserted_at_a_spaced_gap_keeps_both_blank_lines()
    {
        var document = YamlDocument.Parse("ci.yml", "on: push\n\njobs:\n  a: {}\n");
        var editor = document.Edit();
        var root = (YMap)document.Root!;
        var where = YamlEditor.InsertAt.Before("jobs");
        editor.Insert(root, "permissions", YValue.EmptyMap, where, blankLineBefore: editor.BlankLineAt(root, where));
        Assert.Equal("on: push\n\npermissions: {}\n\njobs:\n  a: {}\n", editor.Apply());
    }
}
