using InferenceService.Features.Invocations;
using InferenceService.Model;
using InferenceService.Model.Repository;
using InferenceService.Problems;
using InferenceService.Reliability;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.Models;

/// <summary>
/// AWS's custom-container contract for multi-model endpoints: load, list, describe, unload and invoke models by
/// name, mapped when SAGEMAKER_MULTI_MODEL (or MULTI_MODEL) is set; and the same endpoints over a repository
/// (MODEL_REPOSITORY), with /invocations routed to a model by name and management only when MODEL_MANAGEMENT asks.
/// </summary>
public static class ModelsEndpoints
{
    private const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapModels(this IEndpointRouteBuilder app)
    {
        var repository = app.ServiceProvider.GetRequiredService<IOptions<RepositoryOptions>>().Value;
        var group = app.MapGroup("/models").WithTags("Models");
        // A repository is managed by its folder; POST and DELETE only when asked for, and then behind a token.
        if (!repository.Enabled || repository.Management)
        {
            var load = group.MapPost("", LoadAsync)
                .WithName("LoadModel")
                .WithSummary("Load and warm up a model folder under MULTI_MODEL_ROOT (or MODEL_REPOSITORY): {\"model_name\": \"...\", \"url\": \"/opt/ml/models/...\"}.")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status507InsufficientStorage);
            var unload = group.MapDelete("/{name}", UnloadAsync)
                .WithName("UnloadModel")
                .WithSummary("Unload a model once the requests running on it have finished.")
                .ProducesProblem(StatusCodes.Status404NotFound);
            if (repository.Enabled)
            {
                load.RequireManagementToken();
                unload.RequireManagementToken();
            }
        }

        group.MapGet("", List)
            .WithName("ListModels")
            .WithSummary("The models, a page at a time (next_page_token, max_results); in a repository every folder with its state.");
        group.MapGet("/{name}", Describe)
            .WithName("DescribeModel")
            .WithSummary("One model: its name and url, what GET /model says of it, and the memory its load measured; in a repository its state.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        WithModelLease(InvocationsEndpoints.MapInvoke(group, "/{name}/invoke"))
            .WithName("InvokeModel")
            .WithSummary("What /invocations does, on the model named.");
        if (repository.Enabled)
        {
            WithModelLease(InvocationsEndpoints.MapInvoke(app.MapGroup("").WithTags("Inference"), "/invocations"))
                .WithName("Invocations")
                .WithSummary("Detect or classify the objects in one image, on ?model=NAME, X-Amzn-SageMaker-Target-Model, DEFAULT_MODEL or the only model.");
        }

        return app;
    }

    private static RouteHandlerBuilder WithModelLease(RouteHandlerBuilder invoke) =>
        invoke.ProducesProblem(StatusCodes.Status404NotFound)
            .AddEndpointFilter<AdmissionFilter>()
            .AddEndpointFilter<ModelLeaseFilter>();

    internal static async Task<Results<Ok<ModelEntry>, ProblemHttpResult>> LoadAsync(
        LoadModelRequest request, ModelRegistry registry, ModelRepository repository, IOptions<MultiModelOptions> options)
    {
        if (request.ModelName is not { } name || !ModelUrl.Name().IsMatch(name))
        {
            return ModelProblems.InvalidName(request.ModelName);
        }

        var rootSetting = repository.Root.Length > 0 ? RepositorySetup.RootVariable : MultiModelOptions.RootVariable;
        if (ModelUrl.Resolve(options.Value.Root, request.Url, out var refusal, rootSetting) is not { } folder)
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
        ModelRegistry registry, ModelRepository repository, [FromQuery(Name = "next_page_token")] string? nextPageToken,
        [FromQuery(Name = "max_results")] string? maxResults)
    {
        var size = MultiModelOptions.DefaultPageSize;
        if (maxResults is not null && (!int.TryParse(maxResults, out size) || size is < 1 or > MaxPageSize))
        {
            return ProblemTypes.InvalidOption("max_results", $"max_results must be a whole number from 1 to {MaxPageSize}.");
        }

        var page = ModelListing.All(registry, repository)
            .Where(m => nextPageToken is null || string.CompareOrdinal(m.ModelName, nextPageToken) > 0)
            .Take(size + 1)
            .ToList();
        var more = page.Count > size;
        var entries = page.Take(size).ToList();
        return TypedResults.Ok(new ModelList(entries, more ? entries[^1].ModelName : null));
    }

    internal static Results<Ok<ModelDescription>, ProblemHttpResult> Describe(string name, ModelRegistry registry, ModelRepository repository)
    {
        var entry = ModelListing.Find(name, registry, repository);
        if (registry.Acquire(name) is not { } model)
        {
            return entry is not null && !ModelListing.IsServed(entry) ? TypedResults.Ok(ModelDescription.Of(entry)) : ModelProblems.NotFound(name, repository.Root);
        }

        try
        {
            return TypedResults.Ok(ModelDescription.Of(model, entry));
        }
        finally
        {
            model.Release();
        }
    }

    internal static async Task<Results<Ok, ProblemHttpResult>> UnloadAsync(string name, ModelRegistry registry, ModelRepository repository) =>
        await registry.UnloadAsync(name) ? TypedResults.Ok() : ModelProblems.NotFound(name, repository.Root);
}
