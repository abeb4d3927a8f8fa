using System.Diagnostics;
using System.Net.Http.Headers;
using InferenceService.FunctionalTests.Support;
using SkiaSharp;

namespace InferenceService.FunctionalTests.Security;

/// <summary>
/// Mutates real JPEG, PNG and JSON bodies with a fixed seed (bit flips, byte overwrites, truncations, splices,
/// duplicated ranges) and asserts the server never answers 5xx, logs no error (no unhandled exception) and its
/// memory stays bounded. FUZZ_CASES sets the number of cases (default 3000); FUZZ_SEED the seed.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class FuzzTests(ServedModelFixture served) : IClassFixture<ServedModelFixture>
{
    [SharedAssetFact]
    public async Task Mutated_JPEG_PNG_and_JSON_bodies_never_get_a_5xx_and_memory_stays_bounded()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_CASES"), out var n) ? n : 3000;
        var random = new Random(int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var s) ? s : 20240607);
        var photo = File.ReadAllBytes(SharedAssets.Image("dog.jpg"));
        using var decoded = SKBitmap.Decode(photo);
        using var small = decoded.Resize(new SKImageInfo(160, 120), new SKSamplingOptions(SKFilterMode.Linear));
        var jpeg = small.Encode(SKEncodedImageFormat.Jpeg, 85).ToArray();
        var png = small.Encode(SKEncodedImageFormat.Png, 100).ToArray();
        var json = TestImages.Json(TestImages.Base64Json(jpeg));
        (byte[] Seed, string Type)[] seeds = [(jpeg, "image/jpeg"), (png, "image/png"), (json, "application/json"), (photo, "image/jpeg")];

        served.Log.Clear();
        var statuses = new Dictionary<int, int>();
        long baseline = 0;
        for (var i = 0; i < cases; i++)
        {
            var (seed, type) = seeds[random.Next(seeds.Length)];
            var body = Mutate(seed, seeds[random.Next(seeds.Length)].Seed, random);
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            using var response = await served.Client.PostAsync("/invocations", content);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"case {i} ({type}, {body.Length} bytes) got {status}: {await response.Content.ReadAsStringAsync()}");
            if (i == Math.Min(200, cases / 2))
            {
                baseline = WorkingSet();
            }
        }

        var grown = WorkingSet() - baseline;
        Assert.True(grown < 300L * 1024 * 1024, $"working set grew by {grown / (1024 * 1024)} MB over the run");
        Assert.True(statuses.Keys.Count > 1, "every mutated body got the same status: the mutations are not reaching the decoders");
        Assert.True(served.Log.Events.Count >= cases, $"only {served.Log.Events.Count} log events for {cases} requests: the log is not being captured");
        var errors = served.Log.Errors();
        Assert.True(errors.Count == 0, $"{errors.Count} error events logged during the run; the first: {errors.FirstOrDefault()}");
    }

    private static long WorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static byte[] Mutate(byte[] seed, byte[] other, Random random)
    {
        var body = (byte[])seed.Clone();
        var rounds = 1 + random.Next(4);
        for (var r = 0; r < rounds && body.Length > 0; r++)
        {
            switch (random.Next(6))
            {
                case 0: // bit flips
                    for (var k = random.Next(1, 16); k > 0; k--)
                    {
                        body[random.Next(body.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 1: // overwrite a byte near the start, where headers live
                    body[random.Next(Math.Min(body.Length, 512))] = (byte)random.Next(256);
                    break;
                case 2: // truncation
                    body = body[..random.Next(body.Length)];
                    break;
                case 3: // splice in a slice of another body
                    var at = random.Next(body.Length);
                    var from = random.Next(other.Length);
                    var length = random.Next(Math.Min(4096, other.Length - from) + 1);
                    body = [.. body.AsSpan(0, at), .. other.AsSpan(from, length), .. body.AsSpan(at)];
                    break;
                case 4: // duplicate a range
                    var start = random.Next(body.Length);
                    var count = random.Next(Math.Min(2048, body.Length - start) + 1);
                    body = [.. body.AsSpan(0, start + count), .. body.AsSpan(start, count), .. body.AsSpan(start + count)];
                    break;
                default: // interesting values (0, 0xFF, 0x7F) over a 2-byte field, e.g. a size
                    var p = random.Next(Math.Max(1, body.Length - 1));
                    var v = (byte)(random.Next(3) switch { 0 => 0, 1 => 0xFF, _ => 0x7F });
                    body[p] = v;
                    if (p + 1 < body.Length) body[p + 1] = v;
                    break;
            }
        }

        return body;
    }
}
