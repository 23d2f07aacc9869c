using Reconciler.Core.Yaml;

namespace Reconciler.Tests.Yaml;

public class YamlEditorBlocksTests
{
    private static (YMap Root, YamlEditor Edit) Open(string text)
    {
        var doc = YamlDocument.Parse("ci.yml", text);
        return ((YMap)doc.Root!, doc.Edit());
    }

    [Fact]
    public void Removing_a_blank_separated_item_takes_its_separator()
    {
        const string before = "steps:\n  - run: a\n\n  - run: b\n\n  - run: c\n";
        var (root, edit) = Open(before);
        var steps = root.Seq("steps")!;
        Assert.True(edit.SeparatedByBlankLines(steps));
        edit.ReplaceItemWith(steps, 1, [], blankLinesBetween: true);
        Assert.Equal("steps:\n  - run: a\n\n  - run: c\n", edit.Apply());
    }

    [Fact]
    public void One_item_becomes_two_separated_like_the_others()
    {
        const string before = "steps:\n  - run: a\n\n  - name: publish\n    run: npm publish\n";
        var (root, edit) = Open(before);
        var steps = root.Seq("steps")!;
        edit.ReplaceItemWith(steps, 1, [YValue.Map(("run", YValue.Str("npm pack"))), YValue.Map(("uses", YValue.Str("x/y@v1")))], blankLinesBetween: true);
        Assert.Equal("steps:\n  - run: a\n\n  - run: npm pack\n\n  - uses: x/y@v1\n", edit.Apply());
    }

    [Fact]
    public void A_new_job_goes_after_its_sibling_even_without_a_final_newline()
    {
        const string before = "jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make";
        var (root, edit) = Open(before);
        var build = root.Map("jobs")!.Find("build")!;
        var job = YValue.Map(("needs", YValue.FlowSeq("build")), ("steps", YValue.Seq(YValue.Map(("run", YValue.Str("a"))), YValue.Map(("run", YValue.Str("b"))))));
        edit.InsertEntryAfter(build, "publish", job, blankLineBefore: true, blankLinesBetweenItems: true);
        Assert.Equal(
            "jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n\n  publish:\n    needs: [build]\n    steps:\n      - run: a\n\n      - run: b",
            edit.Apply());
    }

    [Fact]
    public void A_renamed_key_keeps_its_own_plain_style_in_a_file_that_quotes_values()
    {
        const string before = "jobs:\n  publish:\n    runs-on: \"ubuntu-latest\"\n    name: \"Publish\"\n";
        var (root, edit) = Open(before);
        edit.RenameKey(root.Map("jobs")!.Find("publish")!, "build-artifact");
        Assert.Equal("jobs:\n  build-artifact:\n    runs-on: \"ubuntu-latest\"\n    name: \"Publish\"\n", edit.Apply());
    }
}
