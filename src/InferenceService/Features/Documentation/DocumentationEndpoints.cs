namespace InferenceService.Features.Documentation;

public static class DocumentationEndpoints
{
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "InferenceService";
            document.Info.Description = "SageMaker-compatible image detection and classification over ONNX Runtime.";
            return Task.CompletedTask;
        }));

    /// <summary>The OpenAPI document at /openapi/v1.json and Swagger UI at /swagger.</summary>
    public static IEndpointRouteBuilder MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi().WithTags("Documentation");
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "InferenceService v1");
            options.RoutePrefix = "swagger";
        });
        return app;
    }
}
