using System.Text;
using InferenceService.Features.Invocations;

namespace InferenceService.UnitTests.Unit;

public sealed class JsonImageBodyTests
{
    private static readonly byte[] Payload = [0xFF, 0xD8, 0xFF, 0xFB, 0xEF, 0xBE, 0x3F, 0xFF, 0x01];

    private static readonly string Base64 = Convert.ToBase64String(Payload);

    private static (ClassifiedBody Parsed, byte[] Body) Parse(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return (JsonImageBody.Parse(body), body);
    }

    private static byte[] Decoded(ImageEntry entry, byte[] body)
    {
        Assert.True(entry.Succeeded, entry.Message);
        Assert.Null(entry.Url);
        return body.AsSpan(entry.Offset, entry.Length).ToArray();
    }

    private static byte[] Image(string json)
    {
        var (parsed, body) = Parse(json);
        Assert.Null(parsed.Batch);
        return Decoded(parsed.Single, body);
    }

    private static void AssertFails(ImageEntry entry, EntryError expected)
    {
        Assert.False(entry.Succeeded);
        Assert.Equal(expected, entry.Error);
        Assert.False(string.IsNullOrWhiteSpace(entry.Message));
    }

    [Fact]
    public void The_image_property_is_decoded_in_place_and_other_properties_ignored() =>
        Assert.Equal(Payload, Image($"{{\"model\": {{\"x\": [1, 2]}}, \"image\": \"{Base64}\", \"n\": 3}}"));

    [Fact]
    public void Escaped_slashes_are_unescaped_before_decoding()
    {
        Assert.Contains('/', Base64);
        Assert.Equal(Payload, Image($"{{\"image\": \"{Base64.Replace("/", "\\/")}\"}}"));
    }

    [Fact]
    public void A_data_URL_with_whitespace_is_accepted() =>
        Assert.Equal(Payload, Image($"{{\"image\": \"data:image/png;base64,{Base64.Insert(4, "\\n")}\"}}"));

    [Theory]
    [InlineData("{\"image\": \"QUJD\"", EntryError.MalformedJson)]
    [InlineData("{\"image\": \"QUJD\"} {}", EntryError.MalformedJson)]
    [InlineData("{\"image\": \"QUJD\"} x", EntryError.MalformedJson)]
    [InlineData("", EntryError.MalformedJson)]
    [InlineData("{\"image\": \"\\ud800\"}", EntryError.MalformedJson)]
    [InlineData("{\"url\": \"https://example.com/\\udc00.jpg\"}", EntryError.MalformedJson)]
    [InlineData("{\"instances\": [{\"image\": \"QUJD\"}, {]}", EntryError.MalformedJson)]
    [InlineData("{}", EntryError.InvalidRequest)]
    [InlineData("{\"images\": \"QUJD\"}", EntryError.InvalidRequest)]
    [InlineData("{\"image\": null}", EntryError.InvalidRequest)]
    [InlineData("{\"image\": [\"QUJD\"]}", EntryError.InvalidRequest)]
    [InlineData("\"QUJD\"", EntryError.InvalidRequest)]
    [InlineData("{\"url\": 42}", EntryError.InvalidRequest)]
    [InlineData("{\"instances\": {\"image\": \"QUJD\"}}", EntryError.InvalidRequest)]
    [InlineData("{\"url\": 42, \"instances\": [{\"image\": \"QUJD\"}]}", EntryError.InvalidRequest)]
    [InlineData("{\"image\": \"Q@JD\"}", EntryError.InvalidBase64)]
    [InlineData("{\"image\": \"\"}", EntryError.InvalidBase64)]
    public void Bad_requests_are_classified(string json, EntryError expected)
    {
        var (parsed, _) = Parse(json);
        Assert.Null(parsed.Batch);
        AssertFails(parsed.Single, expected);
    }

    [Fact]
    public void Invalid_UTF8_anywhere_fails_the_whole_body_as_malformed_JSON()
    {
        var body = Encoding.UTF8.GetBytes($"{{\"instances\": [{{\"image\": \"{Base64}\"}}], \"note\": \"x\"}}");
        body[^3] = 0xC3;
        var parsed = JsonImageBody.Parse(body);
        Assert.Null(parsed.Batch);
        AssertFails(parsed.Single, EntryError.MalformedJson);
    }

    [Fact]
    public void A_url_is_handed_back_as_given()
    {
        var (parsed, _) = Parse("{\"url\": \"https://example.com/dog.jpg\", \"other\": [1]}");
        Assert.Null(parsed.Batch);
        Assert.True(parsed.Single.Succeeded);
        Assert.Equal("https://example.com/dog.jpg", parsed.Single.Url);
    }

    [Fact]
    public void A_url_wins_over_an_image_and_instances_win_over_both()
    {
        Assert.Equal("https://a/b.jpg", Parse($"{{\"image\": \"{Base64}\", \"url\": \"https://a/b.jpg\"}}").Parsed.Single.Url);
        var (batch, body) = Parse($"{{\"url\": \"https://a/b.jpg\", \"instances\": [{{\"image\": \"{Base64}\"}}], \"image\": \"{Base64}\"}}");
        Assert.Equal(Payload, Decoded(Assert.Single(batch.Batch!), body));
    }

    [Fact]
    public void Instances_give_one_entry_each_and_a_bad_entry_fails_alone()
    {
        var json = $$"""
            {"instances": [
              {"image": "{{Base64.Replace("/", "\\/")}}", "id": 1},
              {"url": "https://example.com/dog.jpg"},
              7,
              {"image": "Q@JD"},
              {"image": "\ud800"},
              {"url": "\udfff"},
              {"name": "no image"},
              {"image": "{{Base64}}"}
            ]}
            """;
        var (parsed, body) = Parse(json);
        var entries = parsed.Batch!;
        Assert.Equal(8, entries.Count);
        Assert.Equal(Payload, Decoded(entries[0], body));
        Assert.Equal("https://example.com/dog.jpg", entries[1].Url);
        AssertFails(entries[2], EntryError.InvalidRequest);
        AssertFails(entries[3], EntryError.InvalidBase64);
        AssertFails(entries[4], EntryError.MalformedJson);
        AssertFails(entries[5], EntryError.MalformedJson);
        AssertFails(entries[6], EntryError.InvalidRequest);
        Assert.Equal(Payload, Decoded(entries[7], body));
    }

    [Fact]
    public void An_empty_instances_array_is_an_empty_batch() =>
        Assert.Empty(Parse("{\"instances\": []}").Parsed.Batch!);

    [Fact]
    public void JSON_Lines_give_one_entry_per_line_with_offsets_into_the_whole_body()
    {
        var text = $"{{\"image\": \"{Base64}\"}}\n\n  \r\n{{\"url\": \"https://a/b.jpg\"}}\r\n{{\"image\": \"QUJD\"\n{{\"instances\": []}}\n{{\"image\": \"\\ud800\"}}\n{{\"image\": \"{Base64}\"}}";
        var body = Encoding.UTF8.GetBytes(text);
        var entries = JsonImageBody.ParseLines(body);
        Assert.Equal(6, entries.Count);
        Assert.Equal(Payload, Decoded(entries[0], body));
        Assert.Equal("https://a/b.jpg", entries[1].Url);
        AssertFails(entries[2], EntryError.MalformedJson);
        AssertFails(entries[3], EntryError.InvalidRequest);
        AssertFails(entries[4], EntryError.MalformedJson);
        Assert.Equal(Payload, Decoded(entries[5], body));
    }

    [Fact]
    public void Invalid_UTF8_in_a_JSON_Lines_body_fails_only_its_line()
    {
        var body = Encoding.UTF8.GetBytes($"{{\"image\": \"{Base64}\", \"n\": \"x\"}}\n{{\"image\": \"{Base64}\"}}\n");
        body[Array.IndexOf(body, (byte)'x')] = 0xFF;
        var entries = JsonImageBody.ParseLines(body);
        AssertFails(entries[0], EntryError.MalformedJson);
        Assert.Equal(Payload, Decoded(entries[1], body));
    }
}
