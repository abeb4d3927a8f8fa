using System.Collections.Concurrent;
using System.Diagnostics;
using InferenceService.Hosting;
using InferenceService.Inference;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Pipeline;
using Microsoft.Extensions.Options;

namespace InferenceService.Model;

public enum LoadVerdict
{
    Loaded,
    Exists,
    Unservable,
    InsufficientMemory,
}

/// <summary>What became of a load: the model, or why there is none.</summary>
public sealed record LoadOutcome(LoadVerdict Verdict, RegisteredModel? Model = null, string? Reason = null);

/// <summary>
/// The models a multi-model endpoint serves, by name, with the memory they hold accounted against the budget.
/// A name is taken for the whole load, so a second load of it is refused at once rather than loading twice.
/// </summary>
public sealed class ModelRegistry(IModelLoader loader, IOptionsFactory<InferenceOptions> inference, MemoryBudget budget, ILogger<ModelRegistry> logger) : IDisposable
{
    // A null entry is a name whose load is under way: taken, but not yet served.
    private readonly ConcurrentDictionary<string, RegisteredModel?> _models = new(StringComparer.Ordinal);
    private readonly Lock _memory = new();
    private long _accounted;

    public long BudgetBytes => budget.BudgetBytes;

    public long AccountedBytes => Interlocked.Read(ref _accounted);

    /// <summary>The served models, by name.</summary>
    public IReadOnlyList<RegisteredModel> Loaded =>
        _models.Values.OfType<RegisteredModel>().OrderBy(m => m.Name, StringComparer.Ordinal).ToList();

    public RegisteredModel? Find(string name) => _models.TryGetValue(name, out var model) ? model : null;

    /// <summary>The model with a lease taken for one request (release it after), or null when it is not served.</summary>
    public RegisteredModel? Acquire(string name)
    {
        // A reload may swap the version between the look-up and the lease: the old one's last lease is then gone,
        // and the request takes the new one rather than failing. The map moves on before a version is released.
        while (Find(name) is { } model)
        {
            if (model.TryAcquire())
            {
                return model;
            }

            if (ReferenceEquals(Find(name), model))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Loads and warms up <paramref name="folder"/> under <paramref name="name"/> on a thread of its own.</summary>
    public async Task<LoadOutcome> LoadAsync(string name, string folder, string url)
    {
        if (!_models.TryAdd(name, null))
        {
            return new LoadOutcome(LoadVerdict.Exists);
        }

        var outcome = await LoadVersionAsync(name, folder, url);
        if (outcome.Model is { } model)
        {
            _models[name] = model;
        }
        else
        {
            _models.TryRemove(name, out _);
        }

        return outcome;
    }

    /// <summary>
    /// Loads a new version of a served model beside the old one and swaps it in only once warmed up, so no request
    /// sees it half loaded; the old one is freed once the requests on it have finished (as after DELETE). A reload
    /// that fails leaves the old version serving. A model not served is loaded as by <see cref="LoadAsync"/>.
    /// </summary>
    public async Task<LoadOutcome> ReloadAsync(string name, string folder, string url)
    {
        if (Find(name) is not { } old)
        {
            return await LoadAsync(name, folder, url);
        }

        var outcome = await LoadVersionAsync(name, folder, url);
        if (outcome.Model is not { } fresh)
        {
            return outcome;
        }

        if (!_models.TryUpdate(name, fresh, old))
        {
            await RetireAsync(fresh);
            return new LoadOutcome(LoadVerdict.Unservable, Reason: $"The model {name} was unloaded or replaced while its new version loaded.");
        }

        _ = RetireAsync(old);
        return outcome;
    }

    /// <summary>Stops serving the model, waits for the requests running on it, then frees it; false when it is not served.</summary>
    public async Task<bool> UnloadAsync(string name)
    {
        if (Find(name) is not { } model || !_models.TryRemove(KeyValuePair.Create<string, RegisteredModel?>(name, model)))
        {
            return false;
        }

        await RetireAsync(model);
        logger.LogInformation("Model {ModelName} unloaded", name);
        return true;
    }

    public void Dispose()
    {
        foreach (var model in _models.Values.OfType<RegisteredModel>())
        {
            model.Release();
        }
    }

    /// <summary>One loaded, warmed and accounted version of a model, not yet served; or why there is none.</summary>
    private async Task<LoadOutcome> LoadVersionAsync(string name, string folder, string url)
    {
        try
        {
            var clock = Stopwatch.StartNew();
            var before = MemoryBudget.ResidentBytes();
            var options = inference.Create(Options.DefaultName);
            options.ModelDir = folder;
            options.ModelName = name;
            // A load given up past MODEL_LOAD_TIMEOUT_SECONDS frees the name, or every retry of it would be a 409.
            var pipeline = await AbandonableLoad.RunAsync(() => LoadAndWarmUp(options), options.LoadTimeoutSeconds, CancellationToken.None)
                ?? throw new ModelLoadException($"The model did not load within {options.LoadTimeoutSeconds} s (MODEL_LOAD_TIMEOUT_SECONDS).");
            var floor = ModelFileBytes(options.ModelDir);
            // The weights are resident whatever the allocator did meanwhile, so the file's size is the least it costs.
            var cost = Math.Max(MemoryBudget.ResidentBytes() - before, floor);
            if (!TryAccount(cost))
            {
                pipeline.Dispose();
                return new LoadOutcome(LoadVerdict.InsufficientMemory, Reason: Refusal(cost));
            }

            logger.LogInformation(
                "Model {ModelName} loaded from {ModelUrl} in {LoadMs:0} ms: family {Family}, task {Task}, {MemoryMB:0.0} MB of the {BudgetMB:0} MB budget",
                name, url, clock.Elapsed.TotalMilliseconds, pipeline.Plan.Family, pipeline.Plan.Task, cost / 1048576.0, budget.BudgetBytes / 1048576.0);
            return new LoadOutcome(LoadVerdict.Loaded, new RegisteredModel(name, url, pipeline, clock.Elapsed, cost));
        }
        catch (Exception e)
        {
            var reason = ModelLoadException.Describe(e);
            logger.LogWarning("Model {ModelName} from {ModelUrl} cannot be served: {Reason}", name, url, reason);
            return new LoadOutcome(LoadVerdict.Unservable, Reason: reason);
        }
    }

    /// <summary>Drops the registry's lease, waits for the requests still on the model, then gives its memory back.</summary>
    private async Task RetireAsync(RegisteredModel model)
    {
        model.Release();
        await model.Released;
        // glibc keeps the freed session's pages inside its heaps: an unload gave back 9 of the 60 MB a load of
        // yolox-nano adds, and RSS grew 50-70 % over 8 load/unload cycles, until unloads trimmed. The managed side
        // is alike: the model's bytes sit on the large object heap until a full collection, whose freed regions the
        // GC keeps committed, so RSS still grew 3.5 MB a cycle over 24 cycles. Unloads are rare, a compacting
        // collection that decommits costs milliseconds.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeMemory.Trim();
        lock (_memory)
        {
            _accounted -= model.MemoryBytes;
        }
    }

    /// <summary>The model file's own size, not a link's (SageMaker's folders hold files, a test's or an operator's may link).</summary>
    private static long ModelFileBytes(string folder)
    {
        var file = new FileInfo(ModelLoader.FindModelFile(folder));
        return (file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file).Length;
    }

    private InferencePipeline LoadAndWarmUp(InferenceOptions options)
    {
        var pipeline = loader.Load(options);
        try
        {
            pipeline.WarmUp(WarmUpImage.Create());
            return pipeline;
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }
    }

    private bool TryAccount(long cost)
    {
        lock (_memory)
        {
            if (_accounted + cost > budget.BudgetBytes)
            {
                return false;
            }

            _accounted += cost;
            return true;
        }
    }

    private string Refusal(long cost) =>
        $"The model needs {cost / 1048576.0:0.0} MB but only {(budget.BudgetBytes - AccountedBytes) / 1048576.0:0.0} MB of the " +
        $"{budget.BudgetBytes / 1048576.0:0} MB budget (MODEL_MEMORY_BUDGET_MB) is free: unload a model first.";
}
