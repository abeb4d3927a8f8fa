using InferenceService.Imaging.Rendering;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.AnnotatedImages;

public static class AnnotationSetup
{
    /// <summary>
    /// One renderer for the process. The font is loaded at start-up (validated options), so a missing or empty
    /// font stops the service at once instead of failing the first annotated request.
    /// </summary>
    public static IServiceCollection AddAnnotation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnnotationOptions>()
            .Bind(configuration.GetSection(AnnotationOptions.Section))
            .Validate(o => o.JpegQuality is >= 1 and <= 100, "Annotation:JpegQuality (JPEG_QUALITY) must be between 1 and 100.")
            .Validate(o => o.MaxPixels > 0, "Annotation:MaxPixels (ANNOTATION_MAX_PIXELS) must be greater than 0.")
            .Validate(o =>
            {
                using var typeface = AnnotationFont.Load(o.FontPath);
                return true;
            })
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AnnotationOptions>>().Value;
            return new AnnotationRenderer(AnnotationFont.Load(options.FontPath), options.JpegQuality);
        });
        return services;
    }
}
