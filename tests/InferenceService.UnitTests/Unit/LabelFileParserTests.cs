using InferenceService.Inference.Labels;

namespace InferenceService.UnitTests.Unit;

public sealed class LabelFileParserTests
{
    [Fact]
    public void Plain_list_numbers_lines_from_zero_and_ignores_the_trailing_newline()
    {
        var names = LabelFileParser.ParsePlainList("person\r\nbicycle\ncar\n\n");
        Assert.Equal(new Dictionary<int, string> { [0] = "person", [1] = "bicycle", [2] = "car" }, names);
    }

    [Fact]
    public void Plain_list_keeps_multi_word_names_and_trims_them()
    {
        var names = LabelFileParser.ParsePlainList("traffic light \n  fire hydrant\n");
        Assert.Equal(["traffic light", "fire hydrant"], names.Values);
    }

    [Fact]
    public void Label_map_keeps_sparse_ids_and_prefers_display_name()
    {
        const string text = """
            item {
              id: 1
              name: '/m/01g317'
              display_name: "person"
            }
            item { name: "bicycle" id: 2 }
            item {
              id: 90
              name: 'toothbrush'
            }
            """;
        var names = LabelFileParser.ParseLabelMap(text);
        Assert.Equal(new Dictionary<int, string> { [1] = "person", [2] = "bicycle", [90] = "toothbrush" }, names);
    }

    [Fact]
    public void Label_map_id_too_large_for_a_class_id_is_a_format_error_naming_its_line()
    {
        var e = Assert.Throws<FormatException>(() => LabelFileParser.ParseLabelMap("item {\n  id: 1\n  name: 'a'\n}\nitem {\n  id: 99999999999\n  name: 'b'\n}\n"));
        Assert.Contains("line 6", e.Message, StringComparison.Ordinal);
        Assert.Contains("99999999999", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("item { name: 'cat' }")]
    [InlineData("item { id: 3 }")]
    [InlineData("labels: cat, dog")]
    [InlineData("")]
    public void Malformed_label_maps_are_rejected(string text) =>
        Assert.Throws<FormatException>(() => LabelFileParser.ParseLabelMap(text));
}
