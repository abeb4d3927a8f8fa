using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InferenceService.Features.Invocations;

/// <summary>
/// The request body as OpenAPI describes it. The endpoint reads the body itself (so it can decode base64 in
/// place), so the accepted forms are declared here rather than inferred from a parameter.
/// </summary>
public static class InvocationsDocumentation
{
    private static readonly string[] RawImageTypes =
        ["image/jpeg", "image/png", "image/webp", "image/bmp", "application/x-image", "application/octet-stream"];

    public static Task DescribeRequestBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "image" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["image"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Format = "byte",
                            Description = "Base64 of the image; a data:image/...;base64, prefix is accepted.",
                        },
                    },
                },
                Example = new JsonObject { ["image"] = "/9j/4AAQSkZJRgABAQAAAQABAAD..." },
            },
        };
        foreach (var type in RawImageTypes)
        {
            content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "One image, as JSON with base64 or as the raw bytes.",
            Content = content,
        };
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.TryGetValue("application/json", out var json) == true)
        {
            json.Example = JsonNode.Parse("""
                {"model": "yolox-nano", "task": "detection", "width": 768, "height": 576,
                 "classes": ["dog", "car", "bicycle"], "class_ids": [16, 2, 1],
                 "confidences": [0.8558, 0.7972, 0.8046],
                 "boxes": [[132.8, 206.6, 325.6, 543.1], [466.3, 78.4, 692.4, 171.3], [55.7, 137.1, 572.3, 423.4]]}
                """);
        }

        return Task.CompletedTask;
    }
}
