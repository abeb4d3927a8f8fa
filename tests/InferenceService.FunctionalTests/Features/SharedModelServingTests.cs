using System.Net;
using InferenceService.FunctionalTests.Http;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Features;

/// <summary>
/// Every shared model served in process exactly as deployed — <c>Inference:ModelDir</c> pointing at its folder,
/// no manifest — answers /invocations on dog.jpg with its task and a sensible best answer.
/// </summary>
public sealed class SharedModelServingTests
{
    private static async Task<PredictionBody> ServeDogAsync(string model)
    {
        await using var host = ServiceHost.Serving(model);
        using var client = await host.ReadyClientAsync();
        using var response = await client.PostAsync("/invocations", Requests.Raw(File.ReadAllBytes(SharedAssets.Image("dog.jpg"))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PredictionBody.ReadAsync(response);
    }

    [SharedAssetTheory]
    [InlineData("yolox-nano")]
    [InlineData("yolox-nano-tfod")]
    [InlineData("yolox-nano-ultralytics")]
    [InlineData("yolox-nano-torchvision")]
    [InlineData("yolox-nano-detr")]
    [InlineData("yolox-nano-e2e")]
    [InlineData("yolox-nano-rtdetr")]
    [InlineData("yolox-nano-nas")]
    [InlineData("yolox-nano-dynamic")]
    public async Task Detector_finds_the_dog(string model)
    {
        var body = await ServeDogAsync(model);
        Assert.Equal((model, "detection", 768, 576), (body.Model, body.Task, body.Width, body.Height));
        var dog = Array.IndexOf(body.Classes, "dog");
        Assert.True(dog >= 0, $"{model}: no dog in [{body.Describe()}]");
        Assert.True(body.Confidences[dog] > 0.7f, $"{model}: dog only {body.Confidences[dog]}");
        Assert.True(BoxMath.IoU(body.Boxes[dog], [133f, 207f, 325f, 542f]) > 0.8, $"{model}: dog box [{string.Join(", ", body.Boxes[dog])}]");
        Assert.Equal(body.Classes.Length, body.Boxes.Length);
    }

    [SharedAssetTheory]
    [InlineData("mobilenetv2-12-int8")]
    [InlineData("mobilenetv2-nhwc-uint8")]
    [InlineData("mobilenetv2-tf-scale")]
    [InlineData("mobilenetv2-softmax")]
    public async Task Classifier_answers_a_dog_breed_top_5(string model)
    {
        var body = await ServeDogAsync(model);
        Assert.Equal((model, "classification", 768, 576), (body.Model, body.Task, body.Width, body.Height));
        Assert.Equal(5, body.Classes.Length);
        Assert.Equal(5, body.ClassIds.Length);
        Assert.Equal(5, body.Confidences.Length);
        Assert.Null(body.Boxes);
        Assert.Equal(body.Confidences.OrderDescending(), body.Confidences);
        Assert.True(body.Confidences.Sum() <= 1.0001f && body.Confidences[0] > 0.2f, $"{model}: [{string.Join(", ", body.Confidences)}]");
        // ImageNet ids 151-268 are the dog breeds; every shared classifier's reference answers dog.jpg with malamute (249).
        Assert.InRange(body.ClassIds[0], 151, 268);
        Assert.DoesNotMatch("^[0-9]+$", body.Classes[0]);
    }
}
