using System.Net;
using InferenceService.FunctionalTests.Http;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.EndToEnd;

/// <summary>The built InferenceService.dll started as SageMaker starts the container: <c>serve</c>, port and model from the environment.</summary>
public sealed class ServiceProcessTests
{
    [SharedAssetFact]
    public async Task Serve_listens_on_SAGEMAKER_BIND_TO_PORT_and_detects_with_the_MODEL_DIR_model()
    {
        var port = ServiceProcess.FreePort();
        using var service = ServiceProcess.Start(["serve"], new Dictionary<string, string>
        {
            ["SAGEMAKER_BIND_TO_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MODEL_DIR"] = SharedAssets.Model("yolox-nano"),
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        HttpStatusCode? last = null;
        while (last != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, $"/ping never answered 200 (last {last}); output:\n{service.Output}");
            try
            {
                using var ping = await client.GetAsync("/ping");
                last = ping.StatusCode;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (last != HttpStatusCode.OK)
            {
                await Task.Delay(100);
            }
        }

        var dog = await File.ReadAllBytesAsync(SharedAssets.Image("dog.jpg"));
        using var response = await client.PostAsync("/invocations", Requests.Raw(dog));
        var body = await PredictionBody.ReadAsync(response);
        Assert.Equal(("yolox-nano", 768, 576), (body.Model, body.Width, body.Height));
        body.AssertMatches(ReferenceOutput.For(SharedAssets.Model("yolox-nano"), "dog.jpg"), "the service process on dog.jpg");
        Assert.True(await service.WaitForOutputAsync("POST /invocations 200", TimeSpan.FromSeconds(10)), $"no request log line; output:\n{service.Output}");
    }

    [Fact]
    public void Train_exits_2_saying_the_image_only_serves()
    {
        using var process = ServiceProcess.Start(["train"], new Dictionary<string, string>());
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "train did not exit");
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("only serves", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_arguments_exit_2_with_usage()
    {
        using var process = ServiceProcess.Start(["predict", "--fast"], new Dictionary<string, string>());
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the process did not exit");
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Unknown argument 'predict'", process.Output, StringComparison.Ordinal);
        Assert.Contains("usage:", process.Output, StringComparison.Ordinal);
    }
}
