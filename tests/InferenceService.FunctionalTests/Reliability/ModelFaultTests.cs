using System.Net;
using System.Net.Http.Headers;
using System.Globalization;
using InferenceService.Inference;
using InferenceService.Inference.Manifest;
using InferenceService.Model;
using InferenceService.FunctionalTests.Support;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Serilog.Core;
using Serilog.Events;

namespace InferenceService.FunctionalTests.Reliability;

/// <summary>A model that cannot be served leaves the process up, /ping at 503 with the reason, and /invocations at 503.</summary>
public sealed class ModelFaultTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("model-fault-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string LinkRealModel()
    {
        File.CreateSymbolicLink(Path.Combine(_dir.FullName, "model.onnx"), Path.Combine(SharedAssets.Model("yolox-nano"), "model.onnx"));
        return _dir.FullName;
    }

    private static async Task AssertModelFailsAsync(string modelDir, params string[] reasonFragments)
    {
        var log = new ErrorLog();
        var everything = new CapturedLog();
        using var host = ServiceHost.ForModel(modelDir)
            .WithServices(s => s.Replace(ServiceDescriptor.Singleton<ILogger<ModelLoadingService>>(log)).AddSingleton<ILogEventSink>(everything));
        var client = host.CreateClient();

        var ping = await host.WaitUntilSettledAsync(client);
        var detail = await ProblemAssert.IsProblemAsync(ping, HttpStatusCode.ServiceUnavailable, "model-failed");
        foreach (var fragment in reasonFragments)
        {
            Assert.Contains(fragment, detail, StringComparison.OrdinalIgnoreCase);
        }

        var content = new ByteArrayContent(WarmUpImage.Create(32, 32));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var invocation = await client.PostAsync("/invocations", content);
        await ProblemAssert.IsProblemAsync(invocation, HttpStatusCode.ServiceUnavailable, "model-failed");

        Assert.Single(log.Errors);
        for (var poll = 0; poll < 3; poll++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/ping")).StatusCode);
        }

        // The reason is logged once: SageMaker's /ping polls must not add an error line each.
        Assert.DoesNotContain(everything.Events, e => e.Level >= LogEventLevel.Error && e.RenderMessage().Contains("/ping", StringComparison.Ordinal));
    }

    [Fact]
    public Task Missing_model_folder_gives_ping_503_with_the_reason_and_invocations_503() =>
        AssertModelFailsAsync(Path.Combine(_dir.FullName, "absent"), "does not exist");

    [Fact]
    public Task Model_folder_without_onnx_gives_ping_503_with_the_reason_and_invocations_503() =>
        AssertModelFailsAsync(_dir.FullName, "holds no .onnx file");

    [Fact]
    public Task Corrupt_onnx_gives_ping_503_with_the_reason_and_invocations_503()
    {
        File.WriteAllBytes(Path.Combine(_dir.FullName, "model.onnx"), "this is not a protobuf at all \0\x01\x02"u8.ToArray());
        return AssertModelFailsAsync(_dir.FullName, "model.onnx is not a loadable ONNX model");
    }

    [SharedAssetFact]
    public Task Labels_that_do_not_match_the_class_count_give_ping_503_with_the_reason()
    {
        var dir = LinkRealModel();
        File.WriteAllLines(Path.Combine(dir, "labels.txt"), ["cat", "dog", "bird"]);
        return AssertModelFailsAsync(dir, "labels.txt names 3 classes but the model scores 80");
    }

    [SharedAssetFact]
    public Task Unreadable_labels_file_gives_ping_503_with_the_reason()
    {
        var dir = LinkRealModel();
        Directory.CreateDirectory(Path.Combine(dir, "labels.txt"));
        return AssertModelFailsAsync(dir, "labels.txt");
    }

    [SharedAssetFact]
    public Task Labels_file_that_is_not_UTF8_gives_ping_503_with_the_reason()
    {
        var dir = LinkRealModel();
        File.WriteAllBytes(Path.Combine(dir, "labels.txt"), [0x63, 0x61, 0x74, 0x0a, 0xff, 0xfe, 0xc3, 0x28, 0x0a]);
        return AssertModelFailsAsync(dir, "labels.txt");
    }

    [SharedAssetFact]
    public Task Label_map_id_beyond_a_class_id_gives_ping_503_naming_the_file_and_line()
    {
        var dir = LinkRealModel();
        File.WriteAllText(Path.Combine(dir, "label_map.pbtxt"), "item {\n  name: 'person'\n  id: 99999999999\n}\n");
        return AssertModelFailsAsync(dir, "label_map.pbtxt", "line 3", "99999999999");
    }

    [SharedAssetFact]
    public Task Labels_file_over_the_size_limit_gives_ping_503_with_the_limit()
    {
        var dir = LinkRealModel();
        using (var labels = File.Create(Path.Combine(dir, "labels.txt")))
        {
            labels.SetLength(3L * 1024 * 1024 * 1024); // sparse: 3 GB that take no disk
        }

        return AssertModelFailsAsync(dir, "labels.txt", ModelFolderFile.MaxTextBytes.ToString(CultureInfo.InvariantCulture));
    }

    [SharedAssetFact]
    public Task Labels_file_that_is_a_FIFO_gives_ping_503_at_once()
    {
        var dir = LinkRealModel();
        Fifo.Create(Path.Combine(dir, "labels.txt"));
        return AssertModelFailsAsync(dir, "labels.txt", "not a regular file");
    }

    [SharedAssetFact]
    public Task Manifest_that_is_a_FIFO_gives_ping_503_at_once()
    {
        var dir = LinkRealModel();
        Fifo.Create(Path.Combine(dir, ModelManifest.FileName));
        return AssertModelFailsAsync(dir, ModelManifest.FileName, "not a regular file");
    }

    [SharedAssetTheory]
    [InlineData("../../../../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/../../labels.txt")]
    public Task Manifest_labels_path_outside_the_folder_gives_ping_503(string labels)
    {
        var dir = LinkRealModel();
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, ModelManifest.FileName), $$"""{ "labels": "{{labels}}" }""");
        return AssertModelFailsAsync(dir, labels, "outside the model folder");
    }

    [SharedAssetFact]
    public Task Manifest_labels_symlink_whose_target_is_outside_the_folder_gives_ping_503()
    {
        var dir = LinkRealModel();
        File.CreateSymbolicLink(Path.Combine(dir, "names.txt"), Path.Combine(SharedAssets.Model("yolox-nano"), "labels.txt"));
        File.WriteAllText(Path.Combine(dir, ModelManifest.FileName), """{ "labels": "names.txt" }""");
        return AssertModelFailsAsync(dir, "names.txt", "outside the model folder");
    }

    [SharedAssetFact]
    public async Task Model_file_that_never_finishes_reading_fails_after_the_load_timeout_naming_it()
    {
        var model = Path.Combine(_dir.FullName, "model.onnx");
        Fifo.Create(model);
        try
        {
            using var host = ServiceHost.ForModel(_dir.FullName, ("Inference:LoadTimeoutSeconds", "5"));
            var client = host.CreateClient();

            // Until the timeout, /ping says what the load waits for.
            var loading = await ProblemAssert.ReadAsync(await client.GetAsync("/ping"));
            for (var poll = 0; poll < 30 && loading.Detail?.Contains("reading model.onnx", StringComparison.Ordinal) != true; poll++)
            {
                await Task.Delay(100);
                loading = await ProblemAssert.ReadAsync(await client.GetAsync("/ping"));
            }

            Assert.Equal("model-loading", loading.Slug);
            Assert.Contains("reading model.onnx", loading.Detail, StringComparison.Ordinal);

            var ping = await host.WaitUntilSettledAsync(client);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ping.StatusCode);
            var failed = await ProblemAssert.ReadAsync(ping);
            Assert.Equal("model-failed", failed.Slug);
            Assert.Contains("within 5 s", failed.Detail, StringComparison.Ordinal);
            Assert.Contains("reading model.onnx", failed.Detail, StringComparison.Ordinal);
        }
        finally
        {
            await Fifo.ReleaseReaderAsync(model);
        }
    }

    /// <summary>Counts what the loader logs at Error.</summary>
    private sealed class ErrorLog : ILogger<ModelLoadingService>
    {
        public List<string> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => NullLogger.Instance.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                lock (Errors)
                {
                    Errors.Add(formatter(state, exception));
                }
            }
        }
    }
}
