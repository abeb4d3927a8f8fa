using System.Net;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.MultiModel;

/// <summary>Loads, unloads and invocations racing each other: each gets one of its documented answers, never a 5xx.</summary>
public sealed class MultiModelRaceTests
{
    [SharedAssetFact]
    public async Task Two_loads_of_one_name_at_once_give_one_200_and_one_409()
    {
        await using var service = new MultiModelHost();
        var loads = await Task.WhenAll(
            service.LoadAsync("twice", service.Root.Folder("yolox-nano")),
            service.LoadAsync("twice", service.Root.Folder("yolox-nano-tfod")));
        var statuses = loads.Select(r => r.StatusCode).Order().ToArray();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses);
        using var invoke = await service.InvokeAsync("twice");
        Assert.Equal(HttpStatusCode.OK, invoke.StatusCode);
    }

    [SharedAssetFact]
    public async Task Invocations_racing_an_unload_answer_200_or_404_and_the_unload_waits_for_them()
    {
        await using var service = new MultiModelHost();
        for (var round = 0; round < 3; round++)
        {
            await service.LoadOkAsync("racing", "yolox-nano");
            var invocations = Enumerable.Range(0, 6).Select(_ => service.InvokeAsync("racing")).ToList();
            var unload = service.Client.DeleteAsync("/models/racing");
            var answers = await Task.WhenAll(invocations);
            Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NotFound }));
            Assert.Equal(HttpStatusCode.OK, (await unload).StatusCode);
        }
    }

    [SharedAssetFact]
    public async Task Loads_unloads_and_invocations_of_several_names_at_once_never_answer_5xx()
    {
        await using var service = new MultiModelHost();
        var models = new[] { "yolox-nano", "mobilenetv2-softmax", "broken" };
        var work = new List<Task<HttpResponseMessage>>();
        for (var round = 0; round < 2; round++)
        {
            foreach (var model in models)
            {
                work.Add(service.LoadAsync(model, service.Root.Folder(model)));
                work.Add(service.InvokeAsync(model));
                work.Add(service.Client.DeleteAsync($"/models/{model}"));
                work.Add(service.Client.GetAsync($"/models/{model}"));
            }
        }

        var answers = await Task.WhenAll(work);
        Assert.All(answers, a => Assert.True((int)a.StatusCode < 500, $"{a.RequestMessage?.Method} {a.RequestMessage?.RequestUri}: {(int)a.StatusCode}"));
    }
}
