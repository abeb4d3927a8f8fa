using InferenceService.Features.ImageUrls;
using InferenceService.Imaging.Rendering;
using InferenceService.Model;
using InferenceService.Model.Repository;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.Console;

public static class ConsoleEndpoints
{
    public static IServiceCollection AddConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ConsoleOptions>(configuration.GetSection(ConsoleOptions.Section));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(ConsoleJsonContext.Default));
        return services.AddSingleton<ConsoleAssets>();
    }

    /// <summary>The page at <c>/</c>, its two files under <c>/console/</c>, and the settings the page reads.</summary>
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<ConsoleOptions>>().Value.Enabled)
        {
            return app;
        }

        var group = app.MapGroup("").WithTags("Console").ExcludeFromDescription().AddEndpointFilter<ConsoleSecurityHeaders>();
        group.MapGet("/", (ConsoleAssets assets, HttpContext context) => Serve(assets, "index.html", context));
        group.MapGet("/console/{file}", (string file, ConsoleAssets assets, HttpContext context) => Serve(assets, file, context));
        group.MapGet("/console/settings", Settings);
        return app;
    }

    private static Results<FileContentHttpResult, StatusCodeHttpResult, NotFound> Serve(ConsoleAssets assets, string file, HttpContext context)
    {
        if (assets.Find(file) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        // Revalidated on every load, so a new image's console is never mixed with a cached script.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.ETag;
        return context.Request.Headers.IfNoneMatch == asset.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.File(asset.Content, asset.ContentType);
    }

    private static Ok<ConsoleSettings> Settings(ModelState state, IOptions<ImageUrlOptions> urls, IServiceProvider services)
    {
        var defaults = state.Pipeline?.DefaultOptions is { } o
            ? new ConsoleDefaults(state.Pipeline.Plan.Task.ToString().ToLowerInvariant(), o.Confidence, o.Iou, o.MaxDetections, o.TopK)
            : null;
        var palette = AnnotationPalette.All.Select(c => $"#{c.Red:x2}{c.Green:x2}{c.Blue:x2}").ToArray();
        return TypedResults.Ok(new ConsoleSettings(urls.Value.Mode.ToString().ToLowerInvariant(), palette, defaults, services.ServesManyModels()));
    }
}
