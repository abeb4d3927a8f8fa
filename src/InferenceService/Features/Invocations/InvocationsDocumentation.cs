using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InferenceService.Features.Invocations;

/// <summary>
/// The request body as OpenAPI describes it. The endpoint reads the body itself (so it can decode base64 in
/// place), so the accepted forms are declared here rather than inferred from a parameter; the media types come from
/// <see cref="RequestContentType"/>'s one list.
/// </summary>
public static class InvocationsDocumentation
{
    private const string SingleExample = """
        {"model": "yolox-nano", "task": "detection", "width": 768, "height": 576,
         "classes": ["dog", "car", "bicycle"], "class_ids": [16, 2, 1],
         "confidences": [0.8558, 0.7972, 0.8046],
         "boxes": [[132.8, 206.6, 325.6, 543.1], [466.3, 78.4, 692.4, 171.3], [55.7, 137.1, 572.3, 423.4]]}
        """;

    private static OpenApiSchema ImageProperty() => new()
    {
        Type = JsonSchemaType.String,
        Format = "byte",
        Description = "Base64 of the image; a data:image/...;base64, prefix is accepted.",
    };

    private static OpenApiSchema UrlProperty() => new()
    {
        Type = JsonSchemaType.String,
        Format = "uri",
        Description = "An https image URL the service fetches; off unless IMAGE_URLS=allowlist|public. Private, loopback, link-local and other non-public addresses are refused (422).",
    };

    public static Task DescribeRequestBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var content = new Dictionary<string, OpenApiMediaType>
        {
            [RequestContentType.JsonType] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Exactly one of image, url or instances.",
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["image"] = ImageProperty(),
                        ["url"] = UrlProperty(),
                        ["instances"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Array,
                            Description = "A batch (answered with {\"predictions\": [...]}); each entry is {\"image\": ...} or {\"url\": ...}. A failing entry becomes a problem object in its place.",
                            Items = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Properties = new Dictionary<string, IOpenApiSchema> { ["image"] = ImageProperty(), ["url"] = UrlProperty() },
                            },
                        },
                    },
                },
                Examples = new Dictionary<string, IOpenApiExample>
                {
                    ["image"] = new OpenApiExample { Summary = "One base64 image", Value = new JsonObject { ["image"] = "/9j/4AAQSkZJRgABAQAAAQABAAD..." } },
                    ["url"] = new OpenApiExample { Summary = "An image URL (IMAGE_URLS=allowlist|public)", Value = new JsonObject { ["url"] = "https://example.com/dog.jpg" } },
                    ["instances"] = new OpenApiExample
                    {
                        Summary = "A batch",
                        Value = JsonNode.Parse("""{"instances": [{"image": "/9j/4AAQSkZJRg..."}, {"url": "https://example.com/dog.jpg"}]}"""),
                    },
                },
            },
        };
        foreach (var type in RequestContentType.JsonLinesTypes)
        {
            content[type] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "One {\"image\": \"<base64>\"} or {\"url\": ...} per line; answered with one JSON result per line, in order." },
                Example = JsonValue.Create("{\"image\": \"/9j/4AAQ...\"}\n{\"image\": \"iVBORw0K...\"}\n"),
            };
        }

        foreach (var type in RequestContentType.RawImageTypes)
        {
            content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "One image (JSON with base64 or a URL, or the raw bytes), or a batch (instances or JSON Lines).",
            Content = content,
        };
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Description = "By Accept / format: this service's JSON, SageMaker's {\"prediction\": ...}, an annotated image, or a batch's predictions.";
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content["application/json"] = new OpenApiMediaType
            {
                Examples = new Dictionary<string, IOpenApiExample>
                {
                    ["service"] = new OpenApiExample { Summary = "Default JSON", Value = JsonNode.Parse(SingleExample) },
                    ["sagemaker"] = new OpenApiExample
                    {
                        Summary = "format=sagemaker on a detector: [class_id, score, xmin, ymin, xmax, ymax], 0-1",
                        Value = JsonNode.Parse("""{"prediction": [[16, 0.8558, 0.173, 0.3587, 0.424, 0.9428], [1, 0.8046, 0.0725, 0.2379, 0.7451, 0.7351]]}"""),
                    },
                    ["classification"] = new OpenApiExample
                    {
                        Summary = "A classifier: the top-k classes (top_k), no boxes",
                        Value = JsonNode.Parse("""{"model": "mobilenetv2-12-int8", "task": "classification", "width": 768, "height": 576, "classes": ["malamute", "Eskimo dog", "dogsled"], "class_ids": [249, 248, 537], "confidences": [0.6796, 0.0847, 0.0847]}"""),
                    },
                    ["sagemaker-classification"] = new OpenApiExample
                    {
                        Summary = "format=sagemaker on a classifier: every class's probability, indexed by class id (shortened here; 1000 for ImageNet)",
                        Value = JsonNode.Parse("""{"prediction": [2.7141851e-07, 1.4303419e-07, 1.9703322e-07, 6.044899e-07]}"""),
                    },
                    ["batch"] = new OpenApiExample
                    {
                        Summary = "{\"instances\": [...]} answered in order; a failed entry is a problem object",
                        Value = JsonNode.Parse($$"""{"predictions": [{{SingleExample}}, {"type": "urn:inference-service:problem:invalid-image", "title": "The image cannot be decoded", "status": 400, "detail": "..."}]}"""),
                    },
                },
            };
            response.Content["application/jsonlines"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "One JSON result per input line." } };
            foreach (var image in new[] { "image/jpeg", "image/png" })
            {
                response.Content[image] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The upright input image, same size, with class-coloured boxes and \"name 87%\" labels (classifiers: a top-1 banner)." },
                };
            }
        }

        return Task.CompletedTask;
    }
}
