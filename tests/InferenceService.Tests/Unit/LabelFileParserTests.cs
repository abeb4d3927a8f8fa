using InferenceService.Inference.Labels;

namespace InferenceService.Tests.Unit;

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

    [Theory]
    [InlineData("item { name: 'cat' }")]
    [InlineData("item { id: 3 }")]
    [InlineData("labels: cat, dog")]
    [InlineData("")]
    public void Malformed_label_maps_are_rejected(string text) =>
        Assert.Throws<FormatException>(() => LabelFileParser.ParseLabelMap(text));
}
