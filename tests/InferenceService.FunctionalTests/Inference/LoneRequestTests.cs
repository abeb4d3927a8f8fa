using InferenceService.FunctionalTests.Support;
using InferenceService.Inference;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Pipeline;
using InferenceService.Inference.Runtime;
using InferenceService.Model;

namespace InferenceService.FunctionalTests.Inference;

/// <summary>
/// LONE_REQUEST_ALL_CORES on yolox-nano with two workers on two cores: a prediction alone runs on the session with
/// both, one alongside another on the shared single-threaded one, and both answer alike. Each test counts its
/// predictions in a share of its own, so other tests' predictions do not count.
/// </summary>
public sealed class LoneRequestTests
{
    private const int Cores = 2;

    private static InferencePipeline Load(CoreShare share, Action<InferenceOptions>? configure = null, string? modelDir = null)
    {
        var options = new InferenceOptions { ModelDir = modelDir ?? SharedAssets.Model("yolox-nano"), ConcurrentRuns = Cores };
        configure?.Invoke(options);
        return new ModelLoader(TestModels.Recogniser(), share).Load(options);
    }

    private static byte[] Dog => File.ReadAllBytes(SharedAssets.Image("dog.jpg"));

    /// <summary>dog.jpg predicted alone, then while the share counts another prediction in flight.</summary>
    private static (PredictionResult Alone, PredictionResult Beside) PredictAloneAndBeside()
    {
        var share = new CoreShare(Cores);
        using var pipeline = Load(share);
        var alone = pipeline.Predict(Dog, pipeline.DefaultOptions);
        using var other = share.Enter();
        return (alone, pipeline.Predict(Dog, pipeline.DefaultOptions));
    }

    [SharedAssetFact]
    public void A_prediction_alone_runs_on_every_core_and_one_beside_another_on_its_share()
    {
        var (alone, beside) = PredictAloneAndBeside();

        Assert.Equal(Cores, alone.RunThreads);
        Assert.Equal(1, beside.RunThreads);
    }

    [SharedAssetFact]
    public void The_lone_session_answers_as_the_shared_one_does()
    {
        var (alone, beside) = PredictAloneAndBeside();

        Assert.NotEqual(alone.RunThreads, beside.RunThreads);
        Assert.NotEmpty(alone.Detections);
        Assert.Equal(beside.Detections.Count, alone.Detections.Count);
        foreach (var (a, b) in alone.Detections.Zip(beside.Detections))
        {
            Assert.Equal(b.ClassId, a.ClassId);
            Assert.Equal(b.Score, a.Score, 1e-3f);
            Assert.Equal(b.X1, a.X1, 0.5f);
            Assert.Equal(b.Y1, a.Y1, 0.5f);
            Assert.Equal(b.X2, a.X2, 0.5f);
            Assert.Equal(b.Y2, a.Y2, 0.5f);
        }
    }

    [SharedAssetFact]
    public void Intra_op_threads_set_by_the_user_hold_for_a_prediction_alone()
    {
        using var pipeline = Load(new CoreShare(Cores), o => o.IntraOpThreads = 1);

        Assert.Equal(1, pipeline.LoneRunThreads);
        Assert.Equal(1, pipeline.Predict(Dog, pipeline.DefaultOptions).RunThreads);
    }

    [SharedAssetFact]
    public void Switched_off_a_prediction_alone_keeps_its_share_of_the_cores()
    {
        using var pipeline = Load(new CoreShare(Cores), o => o.LoneRequestAllCores = false);

        using (var lease = pipeline.Cores.Enter())
        {
            Assert.Equal(1, lease.Cores);
        }

        Assert.Equal(1, pipeline.LoneRunThreads);
        Assert.Equal(1, pipeline.Predict(Dog, pipeline.DefaultOptions).RunThreads);
    }

    [SharedAssetFact]
    public void A_model_that_cannot_load_reports_its_own_error_while_the_lone_session_is_built_beside_it()
    {
        using var broken = TestModels.CopyWith("yolox-nano", ("model.onnx", "not a model"));

        var e = Assert.Throws<ModelLoadException>(() => Load(new CoreShare(Cores), modelDir: broken.Path));

        Assert.Contains("model.onnx is not a loadable ONNX model", e.Message, StringComparison.Ordinal);
    }

    [SharedAssetFact]
    public async Task The_switch_reaches_the_served_model()
    {
        // Test hosts default to one intra-op thread, which would leave no lone session either way.
        await using var on = ServiceHost.Serving("yolox-nano", ("Server:Workers", "2"), ("Inference:IntraOpThreads", "0"));
        await using var off = ServiceHost.Serving(
            "yolox-nano", ("Server:Workers", "2"), ("Inference:IntraOpThreads", "0"), ("Inference:LoneRequestAllCores", "false"));
        using var onClient = await on.ReadyClientAsync();
        using var offClient = await off.ReadyClientAsync();

        // Two workers split the cores; alone, a prediction gets all of them unless switched off.
        var cores = Environment.ProcessorCount;
        Assert.Equal(cores, on.Services.GetRequiredService<ModelState>().ReadyPipeline.LoneRunThreads);
        Assert.Equal(Math.Max(1, cores / 2), off.Services.GetRequiredService<ModelState>().ReadyPipeline.LoneRunThreads);
    }
}
