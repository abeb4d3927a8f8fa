using InferenceService.Features.Invocations;
using InferenceService.Model;
using InferenceService.Problems;
using InferenceService.Reliability;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.Models;

/// <summary>
/// AWS's custom-container contract for multi-model endpoints: load, list, describe, unload and invoke models by
/// name, mapped only when SAGEMAKER_MULTI_MODEL (or MULTI_MODEL) is set.
/// </summary>
public static class ModelsEndpoints
{
    private const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapModels(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/models").WithTags("Models");
        group.MapPost("", LoadAsync)
            .WithName("LoadModel")
            .WithSummary("Load and warm up a model folder under MULTI_MODEL_ROOT: {\"model_name\": \"...\", \"url\": \"/opt/ml/models/...\"}.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage);
        group.MapGet("", List)
            .WithName("ListModels")
            .WithSummary("The loaded models, a page at a time (next_page_token, max_results).");
        group.MapGet("/{name}", Describe)
            .WithName("DescribeModel")
            .WithSummary("One loaded model: its name and url, what GET /model says of it, and the memory its load measured.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{name}", UnloadAsync)
            .WithName("UnloadModel")
            .WithSummary("Unload a model once the requests running on it have finished.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        InvocationsEndpoints.MapInvoke(group, "/{name}/invoke")
            .WithName("InvokeModel")
            .WithSummary("What /invocations does, on the model named.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddEndpointFilter<AdmissionFilter>()
            .AddEndpointFilter<ModelLeaseFilter>();
        return app;
    }

    internal static async Task<Results<Ok<ModelEntry>, ProblemHttpResult>> LoadAsync(
        LoadModelRequest request, ModelRegistry registry, IOptions<MultiModelOptions> options)
    {
        if (request.ModelName is not { } name || !ModelUrl.Name().IsMatch(name))
        {
            return ModelProblems.InvalidName(request.ModelName);
        }

        if (ModelUrl.Resolve(options.Value.Root, request.Url, out var refusal) is not { } folder)
        {
            return ModelProblems.InvalidUrl(refusal!);
        }

        if (!Directory.Exists(folder))
        {
            return ModelProblems.FolderNotFound(request.Url!);
        }

        var outcome = await registry.LoadAsync(name, folder, request.Url!);
        return outcome.Verdict switch
        {
            LoadVerdict.Loaded => TypedResults.Ok(ModelEntry.Of(outcome.Model!)),
            LoadVerdict.Exists => ModelProblems.Exists(name),
            LoadVerdict.InsufficientMemory => ModelProblems.InsufficientMemory(outcome.Reason!),
            _ => ModelProblems.Unservable(outcome.Reason!),
        };
    }

    /// <summary>The page token is the last name of the previous page: models load and unload between pages.</summary>
    internal static Results<Ok<ModelList>, ProblemHttpResult> List(
        ModelRegistry registry, [FromQuery(Name = "next_page_token")] string? nextPageToken,
        [FromQuery(Name = "max_results")] string? maxResults)
    {
        var size = MultiModelOptions.DefaultPageSize;
        if (maxResults is not null && (!int.TryParse(maxResults, out size) || size is < 1 or > MaxPageSize))
        {
            return ProblemTypes.InvalidOption("max_results", $"max_results must be a whole number from 1 to {MaxPageSize}.");
        }

        var page = registry.Loaded
            .Where(m => nextPageToken is null || string.CompareOrdinal(m.Name, nextPageToken) > 0)
            .Take(size + 1)
            .ToList();
        var more = page.Count > size;
        var entries = page.Take(size).Select(ModelEntry.Of).ToList();
        return TypedResults.Ok(new ModelList(entries, more ? entries[^1].ModelName : null));
    }

    internal static Results<Ok<ModelDescription>, ProblemHttpResult> Describe(string name, ModelRegistry registry)
    {
        if (registry.Acquire(name) is not { } model)
        {
            return ModelProblems.NotFound(name);
        }

        try
        {
            return TypedResults.Ok(ModelDescription.Of(model));
        }
        finally
        {
            model.Release();
        }
    }

    internal static async Task<Results<Ok, ProblemHttpResult>> UnloadAsync(string name, ModelRegistry registry) =>
        await registry.UnloadAsync(name) ? TypedResults.Ok() : ModelProblems.NotFound(name);
}
