using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.MultiModel;

/// <summary>A repository scanned every second: files copied in, changed or removed while requests run.</summary>
public sealed class RepositoryReloadTests
{
    private static readonly (string, string?) Polling = ("Repository:PollSeconds", "1");

    [SharedAssetFact]
    public async Task Changed_labels_are_swapped_in_with_requests_in_flight_and_none_fails()
    {
        await using var service = new RepositoryHost(new MultiModelRoot(["yolox-nano"]), Polling);
        await service.ReadyAsync();
        Assert.Contains("\"dog\"", await ClassesAsync(service), StringComparison.Ordinal);

        var failures = new ConcurrentBag<string>();
        var swapped = 0;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        async Task ClientAsync()
        {
            // Bounded: until the new labels answered a few times after the swap, or the deadline.
            while (Volatile.Read(ref swapped) < 3 && DateTime.UtcNow < deadline)
            {
                using var response = await service.PostPhotoAsync("/invocations");
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{(int)response.StatusCode} {body}");
                }
                else if (body.Contains("\"hound\"", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref swapped);
                }
            }
        }

        var clients = Enumerable.Range(0, 3).Select(_ => Task.Run(ClientAsync)).ToList();
        await Task.Delay(500);
        Replace(service.Root, "yolox-nano", "labels.txt", File.ReadAllText(SharedAssets.Model("yolox-nano") + "/labels.txt").Replace("dog\n", "hound\n", StringComparison.Ordinal));
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.True(swapped >= 3, "the new labels were never served");
        Assert.Contains("\"hound\"", await ClassesAsync(service), StringComparison.Ordinal);
        var described = await service.WaitForModelAsync("yolox-nano", (status, _) => status == HttpStatusCode.OK);
        Assert.DoesNotContain("lastReloadError", described, StringComparison.Ordinal);
    }

    [SharedAssetFact]
    public async Task A_change_that_cannot_load_keeps_the_old_version_serving_and_says_why()
    {
        await using var service = new RepositoryHost(new MultiModelRoot(["yolox-nano"]), Polling);
        await service.ReadyAsync();
        // A half-copied model file: not a loadable model, yet.
        Replace(service.Root, "yolox-nano", "model.onnx", "half a model");
        var described = await service.WaitForModelAsync("yolox-nano", (_, body) => body.Contains("lastReloadError", StringComparison.Ordinal));
        using (var json = JsonDocument.Parse(described))
        {
            Assert.Equal("ready", json.RootElement.GetProperty("state").GetString());
            Assert.Contains("not a loadable ONNX model", json.RootElement.GetProperty("lastReloadError").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("yolox-nano", await service.AnsweringModelAsync("/invocations"));
        using (var ping = await service.Client.GetAsync("/ping"))
        {
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        }

        // The copy completes: the new version loads and the error is gone.
        File.Delete(service.Root.Folder("yolox-nano") + "/model.onnx");
        File.CreateSymbolicLink(service.Root.Folder("yolox-nano") + "/model.onnx", SharedAssets.Model("yolox-nano") + "/model.onnx");
        await service.WaitForModelAsync("yolox-nano", (status, body) => status == HttpStatusCode.OK && !body.Contains("lastReloadError", StringComparison.Ordinal));
        Assert.Equal("yolox-nano", await service.AnsweringModelAsync("/invocations"));
    }

    [SharedAssetFact]
    public async Task A_folder_added_is_loaded_and_a_folder_removed_is_unloaded()
    {
        await using var service = new RepositoryHost(new MultiModelRoot(["yolox-nano"]), Polling);
        await service.ReadyAsync();
        service.Root.Link("added", "mobilenetv2-softmax");
        await service.WaitForModelAsync("added", (_, body) => body.Contains("\"ready\"", StringComparison.Ordinal));
        Assert.Equal("added", await service.AnsweringModelAsync("/invocations?model=added"));

        Directory.Delete(service.Root.Folder("added"), recursive: true);
        await service.WaitForModelAsync("added", (status, _) => status == HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await service.PostPhotoAsync("/invocations?model=added"), HttpStatusCode.NotFound, "model-not-found");
        Assert.Equal("yolox-nano", await service.AnsweringModelAsync("/invocations"));
    }

    [SharedAssetFact]
    public async Task A_failed_folder_whose_files_are_fixed_is_loaded()
    {
        var root = new MultiModelRoot(["yolox-nano"]);
        var broken = Directory.CreateDirectory(root.Folder("later")).FullName;
        File.WriteAllText(Path.Combine(broken, "model.onnx"), "not yet a model");
        await using var service = new RepositoryHost(root, Polling, ("Repository:DefaultModel", "yolox-nano"));
        await service.ReadyAsync();
        await ProblemAssert.IsProblemAsync(await service.PostPhotoAsync("/invocations?model=later"), HttpStatusCode.ServiceUnavailable, "model-failed");

        File.Delete(Path.Combine(broken, "model.onnx"));
        foreach (var file in Directory.GetFiles(SharedAssets.Model("yolox-nano-tfod")))
        {
            File.CreateSymbolicLink(Path.Combine(broken, Path.GetFileName(file)), file);
        }

        await service.WaitForModelAsync("later", (_, body) => body.Contains("\"ready\"", StringComparison.Ordinal));
        Assert.Equal("later", await service.AnsweringModelAsync("/invocations?model=later"));
    }

    /// <summary>Replaces one file of a model folder by renaming a finished file over it, the way a careful copy does.</summary>
    private static void Replace(MultiModelRoot root, string model, string file, string content)
    {
        var staged = Path.Combine(root.Path, "." + file + ".new");
        File.WriteAllText(staged, content);
        File.Move(staged, Path.Combine(root.Folder(model), file), overwrite: true);
    }

    private static async Task<string> ClassesAsync(RepositoryHost service)
    {
        using var response = await service.PostPhotoAsync("/invocations");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("classes").GetRawText();
    }
}
