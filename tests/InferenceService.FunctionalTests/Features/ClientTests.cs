using InferenceService.Client;
using InferenceService.FunctionalTests.Support;
using SkiaSharp;

namespace InferenceService.FunctionalTests.Features;

public sealed class ClientTests(YoloxNanoService service) : IClassFixture<YoloxNanoService>
{
    [SharedAssetFact]
    public async Task Client_prints_the_detections_and_saves_the_annotated_image()
    {
        var http = service.Client;
        var save = Path.Combine(Path.GetTempPath(), $"annotated-{Guid.NewGuid():N}.jpg");
        var output = new StringWriter();
        try
        {
            var args = ClientArguments.Parse([http.BaseAddress!.ToString(), SharedAssets.Image("dog.jpg"), "--save", save], TextWriter.Null)!;
            var exit = await new InvocationClient(http, output).RunAsync(args, CancellationToken.None);

            Assert.Equal(0, exit);
            Assert.Equal("/invocations", args.Endpoint.AbsolutePath);
            var lines = output.ToString().Split('\n');
            Assert.Contains(lines, l => l.Contains("yolox-nano (detection), image 768x576"));
            Assert.Contains(lines, l => l.TrimStart().StartsWith("1  dog", StringComparison.Ordinal));
            using var saved = SKBitmap.Decode(save);
            Assert.Equal(768, saved.Width);
            Assert.Equal(576, saved.Height);
        }
        finally
        {
            File.Delete(save);
        }
    }

    [SharedAssetFact]
    public async Task Client_reports_a_problem_answer_and_exits_with_1()
    {
        var http = service.Client;
        var output = new StringWriter();
        var args = ClientArguments.Parse([http.BaseAddress + "invocations", "--url", "https://images.example.com/a.jpg"], TextWriter.Null)!;

        Assert.Equal(1, await new InvocationClient(http, output).RunAsync(args, CancellationToken.None));
        Assert.Contains("400", output.ToString());
        Assert.Contains("IMAGE_URLS", output.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://localhost:8080 a.jpg --url https://x/y.jpg")]
    public void Client_rejects_incomplete_arguments(string args) =>
        Assert.Null(ClientArguments.Parse(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), TextWriter.Null));
}
