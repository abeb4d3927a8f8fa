using System.Text.Json;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.MultiModel;

/// <summary>What a shared model answers on a photo when loaded on its own, to check a many-model host against.</summary>
public static class SharedModelAnswer
{
    /// <summary>Asserts the answer's first class and its confidence are those of the model loaded alone.</summary>
    public static void AssertMatches(string model, string body, string image = "dog.jpg")
    {
        using var json = JsonDocument.Parse(body);
        var ids = json.RootElement.GetProperty("class_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var confidences = json.RootElement.GetProperty("confidences").EnumerateArray().Select(e => e.GetSingle()).ToArray();

        using var single = TestModels.Load(SharedAssets.Model(model));
        var expected = single.Predict(File.ReadAllBytes(SharedAssets.Image(image)), single.DefaultOptions);
        var (expectedIds, expectedScores) = expected.Detections.Count > 0
            ? (expected.Detections.Select(d => d.ClassId).ToArray(), expected.Detections.Select(d => d.Score).ToArray())
            : (expected.Classifications.Select(c => c.ClassId).ToArray(), expected.Classifications.Select(c => c.Probability).ToArray());
        Assert.True(expectedIds.Length > 0, $"{model} finds nothing in {image} on its own");
        Assert.Equal(expectedIds[0], ids[0]);
        Assert.Equal(expectedScores[0], confidences[0], 0.01f);
    }
}
