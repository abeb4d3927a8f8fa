using InferenceService.Model;
using InferenceService.Model.Repository;

namespace InferenceService.Features.Models;

/// <summary>
/// What GET /models lists and describes: a multi-model endpoint's loaded models; a repository's folders with their
/// state, and any model loaded through POST /models beside them.
/// </summary>
internal static class ModelListing
{
    private static readonly string Ready = ModelEntry.StateName(RepositoryState.Ready);

    public static List<ModelEntry> All(ModelRegistry registry, ModelRepository repository)
    {
        if (repository.Root.Length == 0)
        {
            return registry.Loaded.Select(ModelEntry.Of).ToList();
        }

        var folders = repository.Entries.Select(ModelEntry.Of).ToList();
        var names = folders.Select(f => f.ModelName).ToHashSet(StringComparer.Ordinal);
        return folders
            .Concat(registry.Loaded.Where(m => !names.Contains(m.Name)).Select(m => ModelEntry.Of(m) with { State = Ready }))
            .OrderBy(e => e.ModelName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The repository's entry for the name (null on a multi-model endpoint, or for a name it does not hold).</summary>
    public static ModelEntry? Find(string name, ModelRegistry registry, ModelRepository repository) =>
        repository.Find(name) is { } entry ? ModelEntry.Of(entry)
        : repository.Root.Length > 0 && registry.Find(name) is { } model ? ModelEntry.Of(model) with { State = Ready }
        : null;

    public static bool IsServed(ModelEntry entry) => entry.State is null || entry.State == Ready;
}
