using InferenceService.Model;
using InferenceService.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InferenceService.Features.Models;

/// <summary>The answers of the model endpoints (multi-model and repository) that are not a model.</summary>
public static class ModelProblems
{
    /// <summary>A repository (<paramref name="repositoryRoot"/> set) is told what it serves rather than how to load.</summary>
    public static ProblemHttpResult NotFound(string? name, string repositoryRoot = "") => ProblemTypes.Create(
        StatusCodes.Status404NotFound, "model-not-found", "The model is not loaded",
        repositoryRoot.Length > 0 ? $"No model named '{name}' is served: GET /models lists the models." : $"No model named '{name}' is loaded: POST /models loads one.");

    public static ProblemHttpResult NotChosen() => ProblemTypes.Create(
        StatusCodes.Status400BadRequest, "model-not-chosen", "Name the model to run",
        "This endpoint serves several models and has no default (DEFAULT_MODEL): name one with ?model=NAME or the X-Amzn-SageMaker-Target-Model header; GET /models lists them.");

    public static ProblemHttpResult Unauthorized() => ProblemTypes.Create(
        StatusCodes.Status401Unauthorized, "unauthorized", "The management token is missing or wrong",
        "POST and DELETE /models need the header Authorization: Bearer <MANAGEMENT_TOKEN>.");

    public static ProblemHttpResult Exists(string name) => ProblemTypes.Create(
        StatusCodes.Status409Conflict, "model-exists", "A model of that name is loaded", $"A model named '{name}' is loaded or loading: DELETE /models/{name} first.");

    public static ProblemHttpResult FolderNotFound(string url) => ProblemTypes.Create(
        StatusCodes.Status404NotFound, "model-folder-not-found", "The model folder does not exist", $"{url} is not a folder.");

    public static ProblemHttpResult InvalidName(string? name) => ProblemTypes.Create(
        StatusCodes.Status400BadRequest, "invalid-model-name", "Invalid model name",
        $"The model name '{name}' must match {ModelUrl.NamePattern}.");

    public static ProblemHttpResult InvalidUrl(string detail) => ProblemTypes.Create(
        StatusCodes.Status400BadRequest, "invalid-model-url", "The model url is refused", detail);

    public static ProblemHttpResult Unservable(string reason) => ProblemTypes.Create(
        StatusCodes.Status400BadRequest, "model-unservable", "The model cannot be served", reason);

    public static ProblemHttpResult InsufficientMemory(string detail) => ProblemTypes.Create(
        StatusCodes.Status507InsufficientStorage, "insufficient-memory", "Not enough memory for the model", detail);
}
