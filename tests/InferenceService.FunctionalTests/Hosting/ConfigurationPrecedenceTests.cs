using InferenceService.Inference.Manifest;
using InferenceService.FunctionalTests.Http;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Hosting;

/// <summary>
/// Each step of the configuration order in docs/configuration.md, told apart by the confidence threshold on dog.jpg:
/// YOLOX-Nano finds the dog at 0.86 and a truck at 0.31, so 0.3 keeps both and 0.9 leaves nothing. The environment
/// and command-line steps run the built service as a process, as the container starts it.
/// </summary>
public sealed class ConfigurationPrecedenceTests
{
    private const string Keeps = "0.3";
    private const string DropsAll = "0.9";

    [SharedAssetFact]
    public async Task Without_configuration_the_default_threshold_applies()
    {
        using var host = ServiceHost.Serving("yolox-nano");
        var body = await DetectAsync(await host.ReadyClientAsync());
        Assert.Contains("truck", body.Classes);
        Assert.All(body.Confidences, c => Assert.True(c >= 0.3f, $"{c} is below the 0.3 default"));
    }

    [SharedAssetTheory]
    [InlineData("CONFIDENCE_THRESHOLD")]
    [InlineData("Inference__ConfidenceThreshold")]
    public async Task Environment_variable_overrides_the_default(string variable)
    {
        using var service = ServiceProcess.StartServing(SharedAssets.Model("yolox-nano"), (variable, DropsAll));
        Assert.Empty((await DetectAsync(service)).Classes);
    }

    [SharedAssetFact]
    public async Task Flat_alias_overrides_its_keys_Section__Key_variable()
    {
        using var service = ServiceProcess.StartServing(SharedAssets.Model("yolox-nano"),
            ("CONFIDENCE_THRESHOLD", DropsAll), ("Inference__ConfidenceThreshold", Keeps));
        Assert.Empty((await DetectAsync(service)).Classes);
    }

    [SharedAssetTheory]
    [InlineData("CONFIDENCE_THRESHOLD")]
    [InlineData("Inference__ConfidenceThreshold")]
    public async Task Command_line_overrides_the_environment_variable(string variable)
    {
        using var service = ServiceProcess.StartServing(SharedAssets.Model("yolox-nano"),
            ["--Inference:ConfidenceThreshold=" + Keeps], (variable, DropsAll));
        Assert.Contains("dog", (await DetectAsync(service)).Classes);
    }

    [SharedAssetFact]
    public async Task Manifest_overrides_the_service_configuration()
    {
        using var dir = TestModels.CopyWith("yolox-nano", (ModelManifest.FileName, $$"""{ "confidence": {{DropsAll}} }"""));
        using var host = ServiceHost.ForModel(dir.Path, ("Inference:ConfidenceThreshold", Keeps));
        Assert.Empty((await DetectAsync(await host.ReadyClientAsync())).Classes);
    }

    [SharedAssetFact]
    public async Task Request_option_overrides_the_manifest()
    {
        using var dir = TestModels.CopyWith("yolox-nano", (ModelManifest.FileName, $$"""{ "confidence": {{DropsAll}} }"""));
        using var host = ServiceHost.ForModel(dir.Path);
        Assert.Contains("dog", (await DetectAsync(await host.ReadyClientAsync(), "?confidence=" + Keeps)).Classes);
    }

    private static async Task<PredictionBody> DetectAsync(ServiceProcess service)
    {
        await service.WaitUntilReadyAsync();
        using var client = service.CreateClient();
        return await DetectAsync(client);
    }

    private static async Task<PredictionBody> DetectAsync(HttpClient client, string query = "")
    {
        var dog = await File.ReadAllBytesAsync(SharedAssets.Image("dog.jpg"));
        using var response = await client.PostAsync("/invocations" + query, Requests.Raw(dog));
        return await PredictionBody.ReadAsync(response);
    }
}
