using System.Text;
using System.Text.Json.Nodes;
using InferenceService.Inference.Manifest;

namespace InferenceService.UnitTests.Manifest;

/// <summary>The validator on small schemas of its own and on the embedded manifest schema: no model needed.</summary>
public sealed class SchemaValidatorTests
{
    private static IReadOnlyList<SchemaViolation> Check(string schema, string document)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(schema));
        return SchemaValidator.Load(stream).Validate(JsonNode.Parse(document));
    }

    private static IReadOnlyList<SchemaViolation> CheckManifest(string manifest) =>
        Assert.Throws<ManifestException>(() => ManifestLoader.Parse(manifest)).Violations;

    [Fact]
    public void Keywords_beyond_types_and_ranges_are_enforced_each_violation_at_its_path()
    {
        var violations = Check("""
            {
              "$defs": { "id": { "type": "string", "pattern": "^[a-z]+$" } },
              "type": "object",
              "required": ["name"],
              "properties": {
                "tags": { "type": "array", "items": { "$ref": "#/$defs/id" }, "uniqueItems": true },
                "size": { "type": "integer", "multipleOf": 32 }
              }
            }
            """, """{ "tags": ["ok", "Not OK", "ok"], "size": 100 }""");

        Assert.Equal(["$", "$.tags", "$.tags[1]", "$.size"], violations.Select(v => v.Path));
        Assert.Contains("name", violations[0].Message);
        Assert.Contains("must be a multiple of 32", violations[3].Message);
    }

    [Fact]
    public void Violations_come_in_document_order_however_deep()
    {
        var violations = Check("""
            { "type": "object", "additionalProperties": { "type": "array", "items": { "type": "number", "minimum": 0 } } }
            """, """{ "b": [1, -1, "x"], "a": [-2], "c": 3 }""");

        Assert.Equal(["$.b[1]", "$.b[2]", "$.a[0]", "$.c"], violations.Select(v => v.Path));
    }

    [Fact]
    public void A_misspelt_field_is_named_with_the_fields_the_schema_knows()
    {
        var violation = Assert.Single(CheckManifest("""{ "colour": "BGR" }"""));

        Assert.Equal("$.colour", violation.Path);
        Assert.StartsWith("is not a known field (known: $schema, task, family,", violation.Message);
        Assert.Contains("color_order", violation.Message);
    }

    [Fact]
    public void A_wrong_value_names_what_is_allowed()
    {
        var violations = CheckManifest("""{ "layout": "nchw", "mean": [0, 0], "std": [1, 0, 1], "iou": -0.5 }""");

        Assert.Equal(["$.layout", "$.mean", "$.std[1]", "$.iou"], violations.Select(v => v.Path));
        Assert.Equal("must be one of [\"NCHW\",\"NHWC\"], not \"nchw\"", violations[0].Message);
        Assert.Equal("must have at least 3 items, not 2", violations[1].Message);
        Assert.Equal("must be greater than 0, not 0", violations[2].Message);
        Assert.Equal("must be at least 0, not -0.5", violations[3].Message);
    }

    [Fact]
    public void A_document_that_is_not_an_object_is_reported_at_the_root()
    {
        var violation = Assert.Single(CheckManifest("[1, 2]"));

        Assert.Equal("$", violation.Path);
        Assert.Equal("must be \"object\", not \"array\"", violation.Message);
    }

    [Fact]
    public void A_field_name_that_needs_escaping_keeps_its_path()
    {
        var violation = Assert.Single(Check("""{ "additionalProperties": false }""", """{ "a/b~c": 1 }"""));

        Assert.Equal("$.a/b~c", violation.Path);
    }

    [Fact]
    public void Two_validators_of_one_schema_id_stand_side_by_side()
    {
        const string strict = """{ "$id": "urn:test:twice", "type": "object", "properties": { "n": { "maximum": 1 } } }""";
        const string lax = """{ "$id": "urn:test:twice", "type": "object", "properties": { "n": { "maximum": 10 } } }""";

        Assert.Single(Check(strict, """{ "n": 5 }"""));
        Assert.Empty(Check(lax, """{ "n": 5 }"""));
    }

    [Fact]
    public void A_manifest_that_keeps_the_rules_is_accepted()
    {
        var manifest = ManifestLoader.Parse("""{ "width": 640, "mean": [0.5, 0.5, 0.5], "std": [0.2, 0.2, 0.2], "confidence": 0.25 }""");

        Assert.Equal(640, manifest.Width);
    }
}
