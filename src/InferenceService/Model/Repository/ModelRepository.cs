using System.Collections.Concurrent;
using InferenceService.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InferenceService.Model.Repository;

/// <summary>
/// The on-premises repository: keeps the shared <see cref="ModelRegistry"/> in step with the sub-folders of
/// MODEL_REPOSITORY, and remembers what it cannot serve (a folder that fails, loads or is refused) so that GET /models,
/// /ping and an invocation can say why. One scan runs at a time (<see cref="RepositoryScanning"/>).
/// </summary>
public sealed class ModelRepository(ModelRegistry registry, IOptions<RepositoryOptions> options, ILogger<ModelRepository> logger)
{
    private readonly ConcurrentDictionary<string, RepositoryEntry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _skipped = new(StringComparer.Ordinal);
    // One load per core at once: more would only share the cores, and every model would be ready later.
    private readonly SemaphoreSlim _loads = new(Environment.ProcessorCount);
    private volatile bool _scanned;
    private volatile string? _rootProblem;
    private volatile string? _onlyFolder;

    public string Root { get; } = options.Value.Enabled ? Path.GetFullPath(options.Value.Root!) : "";

    /// <summary>Every folder of the repository, in no order.</summary>
    public ICollection<RepositoryEntry> Entries => _entries.Values;

    public RepositoryEntry? Find(string name) => _entries.TryGetValue(name, out var entry) ? entry : null;

    /// <summary>
    /// The model a request that names none goes to: DEFAULT_MODEL, else the repository's only folder. Read on every
    /// such request, so it is decided when a scan finds the folders, not counted from the entries each time.
    /// </summary>
    public string? DefaultModel() => options.Value.DefaultModel is { Length: > 0 } name ? name : _onlyFolder;

    /// <summary>Why /ping is not 200: the first scan has not loaded what it can yet, or nothing can be served.</summary>
    public ProblemHttpResult? NotReady()
    {
        if (!_scanned)
        {
            return ProblemTypes.NotReady($"The models in {Root} ({RepositorySetup.RootVariable}) are loading.", failed: false);
        }

        if (_entries.Values.Any(e => e.State == RepositoryState.Ready) || registry.Loaded.Count > 0)
        {
            return null;
        }

        var failed = _entries.Values.Where(e => e.State == RepositoryState.Failed).OrderBy(e => e.Name, StringComparer.Ordinal).Select(e => $"{e.Name}: {e.Reason}").ToList();
        return ProblemTypes.NotReady(
            _rootProblem ?? (failed.Count == 0 ? $"{Root} ({RepositorySetup.RootVariable}) holds no model folder." : $"No model in {Root} ({RepositorySetup.RootVariable}) can be served: {string.Join("; ", failed)}"),
            failed: true);
    }

    /// <summary>Why a repository model the registry does not serve cannot answer (loading, failed); null for a name it does not hold.</summary>
    public ProblemHttpResult? Unavailable(string name) => Find(name) switch
    {
        { State: RepositoryState.Loading } => ProblemTypes.NotReady($"The model '{name}' is loading.", failed: false),
        { State: RepositoryState.Failed } entry => ProblemTypes.NotReady($"The model '{name}' cannot be served: {entry.Reason}", failed: true),
        _ => null,
    };

    /// <summary>Loads new folders, reloads changed ones, retries failed ones whose files changed, unloads removed ones.</summary>
    public async Task ScanAsync()
    {
        List<ScannedFolder> folders;
        try
        {
            folders = RepositoryScan.Folders(Root, Skip);
            _rootProblem = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing is unloaded for it: an unmounted or unreadable root is not a repository emptied on purpose.
            if (_rootProblem is null)
            {
                logger.LogError("The model repository {Root} cannot be read: {Reason}", Root, e.Message);
            }

            _rootProblem = $"The model repository {Root} ({RepositorySetup.RootVariable}) cannot be read: {e.Message}";
            _scanned = true;
            return;
        }

        var names = folders.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        _onlyFolder = folders.Count == 1 ? folders[0].Name : null;
        var work = folders.Select(ApplyAsync).Concat(_entries.Keys.Where(n => !names.Contains(n)).Select(RemoveAsync)).ToList();
        await Task.WhenAll(work);
        if (!_scanned && options.Value.DefaultModel is { Length: > 0 } chosen && Find(chosen) is null)
        {
            logger.LogWarning("DEFAULT_MODEL {DefaultModel} is not a folder of {Root}: /invocations without a model name answers 404", chosen, Root);
        }

        _scanned = true;
    }

    private async Task ApplyAsync(ScannedFolder folder)
    {
        var entry = Find(folder.Name);
        if (folder.Refusal is { } refusal)
        {
            if (entry?.Reason != refusal)
            {
                if (entry?.State == RepositoryState.Ready)
                {
                    await registry.UnloadAsync(folder.Name);
                }

                Fail(new RepositoryEntry(folder.Name, folder.Url, RepositoryState.Failed, folder.Fingerprint, refusal));
            }

            return;
        }

        if (entry is null || (entry.State == RepositoryState.Failed && entry.Fingerprint != folder.Fingerprint)
            || (entry.State == RepositoryState.Ready && registry.Find(folder.Name) is null))
        {
            await LoadAsync(folder);
        }
        else if (entry.State == RepositoryState.Ready && entry.Fingerprint != folder.Fingerprint)
        {
            await ReloadAsync(folder, entry);
        }
    }

    private async Task LoadAsync(ScannedFolder folder)
    {
        _entries[folder.Name] = new RepositoryEntry(folder.Name, folder.Url, RepositoryState.Loading, folder.Fingerprint);
        var outcome = await Bounded(() => registry.LoadAsync(folder.Name, folder.Folder!, folder.Url));
        if (outcome.Verdict == LoadVerdict.Loaded)
        {
            _entries[folder.Name] = new RepositoryEntry(folder.Name, folder.Url, RepositoryState.Ready, folder.Fingerprint);
            return;
        }

        var reason = outcome.Verdict == LoadVerdict.Exists
            ? $"The name is taken by a model loaded through POST /models: DELETE /models/{folder.Name} first."
            : outcome.Reason!;
        Fail(new RepositoryEntry(folder.Name, folder.Url, RepositoryState.Failed, folder.Fingerprint, reason));
    }

    private async Task ReloadAsync(ScannedFolder folder, RepositoryEntry entry)
    {
        var outcome = await Bounded(() => registry.ReloadAsync(folder.Name, folder.Folder!, folder.Url));
        // The files tried are remembered either way: a version that failed is tried again once it changes again.
        if (outcome.Verdict == LoadVerdict.Loaded)
        {
            _entries[folder.Name] = entry with { Url = folder.Url, Fingerprint = folder.Fingerprint, LastReloadError = null };
            logger.LogInformation("Model {ModelName} reloaded from {ModelUrl}: the new version serves", folder.Name, folder.Url);
            return;
        }

        _entries[folder.Name] = entry with { Fingerprint = folder.Fingerprint, LastReloadError = outcome.Reason };
        logger.LogWarning("Model {ModelName} changed but was not reloaded, the previous version serves on: {Reason}", folder.Name, outcome.Reason);
    }

    private async Task RemoveAsync(string name)
    {
        if (_entries.TryRemove(name, out var entry) && entry.State == RepositoryState.Ready)
        {
            await registry.UnloadAsync(name);
        }

        logger.LogInformation("Model folder {ModelName} was removed from {Root}", name, Root);
    }

    private async Task<LoadOutcome> Bounded(Func<Task<LoadOutcome>> load)
    {
        await _loads.WaitAsync();
        try
        {
            return await load();
        }
        finally
        {
            _loads.Release();
        }
    }

    private void Fail(RepositoryEntry entry)
    {
        _entries[entry.Name] = entry;
        logger.LogWarning("Model folder {ModelName} in {Root} cannot be served: {Reason}", entry.Name, Root, entry.Reason);
    }

    private void Skip(string name)
    {
        if (_skipped.Add(name))
        {
            logger.LogWarning("Folder {Folder} in {Root} is skipped: a model name must match {Pattern}", name, Root, ModelUrl.NamePattern);
        }
    }
}
