using InferenceService.Imaging;
using InferenceService.Inference.Families;
using InferenceService.Inference.Pipeline;
using InferenceService.Reliability;

namespace InferenceService.FunctionalTests.Reliability;

/// <summary>
/// A prediction stage that holds its worker slot until the test releases it (or the request's deadline
/// cancels it), so queueing and deadlines are driven by events, not by timing.
/// </summary>
public sealed class BlockingStage : IPredictionStage
{
    private readonly SemaphoreSlim _release = new(0);
    private readonly SemaphoreSlim _entered = new(0);

    public PredictionResult Run(InferencePipeline pipeline, ImageSource image, PredictionOptions options, CancellationToken cancellationToken)
    {
        _entered.Release();
        _release.Wait(cancellationToken);
        return new PredictionResult(ModelTask.Detection, 1, 1, [], default);
    }

    /// <summary>Batches are not what these tests hold up: they run on the model as usual.</summary>
    /// <summary>Waits until one more call is inside the stage.</summary>
    public Task WaitUntilEnteredAsync() => _entered.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t => Assert.True(t.Result, "no request reached the stage"));

    public void Release(int count) => _release.Release(count);
}
