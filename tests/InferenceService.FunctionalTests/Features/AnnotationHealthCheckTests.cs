using System.Diagnostics;
using System.Net;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Features;

/// <summary>
/// SageMaker's health check gives /ping 2 s. It times a request, so it runs alone: tests running beside it on a
/// small machine would count against it.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class AnnotationHealthCheckTests
{
    [SharedAssetFact]
    public async Task Ping_answers_within_a_second_while_huge_images_are_annotated()
    {
        using var server = ServiceHost.Serving("yolox-nano");
        using var client = await server.ReadyClientAsync();

        // Four times the workers of a two-core machine: before annotating ran in the gate, /ping took 1.7 s here.
        var annotations = Enumerable.Range(0, 8).Select(i => client.SendAsync(AnnotationBoundsTests.AnnotatedRequest(i % 2 == 0 ? "image/png" : "image/jpeg"))).ToArray();
        var pings = 0;
        var slowest = TimeSpan.Zero;
        while (!annotations.All(a => a.IsCompleted))
        {
            var watch = Stopwatch.StartNew();
            using var ping = await client.GetAsync("/ping");
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, watch.Elapsed.Ticks));
            pings++;
            await Task.Delay(20);
        }

        Assert.All(await Task.WhenAll(annotations), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.True(pings > 1, "The annotations finished before /ping could be polled.");
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"/ping took {slowest.TotalMilliseconds:F0} ms while annotations ran.");
    }
}
