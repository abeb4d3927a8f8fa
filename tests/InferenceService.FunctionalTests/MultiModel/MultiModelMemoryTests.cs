using System.Net;
using System.Net.Http.Json;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.MultiModel;

/// <summary>The memory of an unloaded model, seen from outside: the process's RSS.</summary>
public sealed class MultiModelMemoryTests
{
    private const int Cycles = 8;

    [SharedAssetFact]
    public async Task Load_invoke_unload_cycles_of_one_model_give_its_memory_back()
    {
        // A real process, alone: RSS in the test process would count every other test's memory too. It runs with
        // the images' MALLOC_ARENA_MAX, and without the periodic trim, so that only what an unload gives back counts.
        var root = Path.GetDirectoryName(SharedAssets.Model("yolox-nano"))!;
        using var service = ServiceProcess.StartServing(
            root, ("SAGEMAKER_MULTI_MODEL", "true"), ("MULTI_MODEL_ROOT", root), ("MALLOC_ARENA_MAX", "2"), ("NATIVE_MEMORY_TRIM_SECONDS", "0"));
        await service.WaitUntilReadyAsync();
        using var client = service.CreateClient();
        var image = File.ReadAllBytes(SharedAssets.Image("dog.jpg"));

        // Warm-up cycles first: a fresh process grows for a while whatever it serves (tiered JIT, pool threads,
        // the allocators' first heaps), which is not what an unload leaves behind. One was not enough beside the
        // rest of the suite: the first measured cycles still grew by 13 MB.
        for (var warmUp = 0; warmUp < 3; warmUp++)
        {
            await CycleAsync(client, image, invokes: 30);
        }
        var unloaded = new List<long>();
        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            await CycleAsync(client, image, invokes: 1);
            unloaded.Add(ResidentKilobytes(service));
        }

        // The issue's bound: eight cycles end within 15 % of the RSS after the first. Before unloads trimmed glibc's
        // heaps RSS grew 50-70 % over eight cycles, and before they collected the managed heap, 3.5 MB a cycle.
        Assert.True(unloaded[^1] <= unloaded[0] * 1.15, $"RSS after each unload (KB): {string.Join(", ", unloaded)}");
    }

    private static async Task CycleAsync(HttpClient client, byte[] image, int invokes)
    {
        using (var load = await client.PostAsJsonAsync("/models", new Dictionary<string, string> { ["model_name"] = "cycled", ["url"] = SharedAssets.Model("yolox-nano") }))
        {
            Assert.True(load.StatusCode == HttpStatusCode.OK, await load.Content.ReadAsStringAsync());
        }

        for (var i = 0; i < invokes; i++)
        {
            using var content = new ByteArrayContent(image);
            content.Headers.ContentType = new("image/jpeg");
            using var invoke = await client.PostAsync("/models/cycled/invoke", content);
            Assert.Equal(HttpStatusCode.OK, invoke.StatusCode);
        }

        using var unload = await client.DeleteAsync("/models/cycled");
        Assert.Equal(HttpStatusCode.OK, unload.StatusCode);
    }

    /// <summary>WorkingSet64 is the RSS on Linux (/proc/PID/stat), what a container's memory limit counts.</summary>
    private static long ResidentKilobytes(ServiceProcess service)
    {
        service.Process.Refresh();
        return service.Process.WorkingSet64 / 1024;
    }
}
