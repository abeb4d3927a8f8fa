using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace InferenceService.Client;

/// <summary>Posts the image, prints the detections as a table, and with --save fetches and writes the annotated image.</summary>
public sealed class InvocationClient(HttpClient http, TextWriter output)
{
    public async Task<int> RunAsync(ClientArguments args, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(Request(args, "application/json"), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            output.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}: {text}");
            return 1;
        }

        using var json = JsonDocument.Parse(text);
        WriteTable(json.RootElement);
        if (args.SaveFile is { } save)
        {
            using var image = await http.SendAsync(Request(args, "image/jpeg"), cancellationToken);
            if (!image.IsSuccessStatusCode || image.Content.Headers.ContentType?.MediaType != "image/jpeg")
            {
                output.WriteLine($"The annotated image was not returned: {(int)image.StatusCode} {await image.Content.ReadAsStringAsync(cancellationToken)}");
                return 1;
            }

            await File.WriteAllBytesAsync(save, await image.Content.ReadAsByteArrayAsync(cancellationToken), cancellationToken);
            output.WriteLine($"Annotated image written to {save}");
        }

        return 0;
    }

    private static HttpRequestMessage Request(ClientArguments args, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, args.Endpoint);
        request.Headers.Accept.ParseAdd(accept);
        if (args.ImageUrl is { } url)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["url"] = url }), Encoding.UTF8, "application/json");
        }
        else
        {
            request.Content = new ByteArrayContent(File.ReadAllBytes(args.ImageFile!));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-image");
        }

        return request;
    }

    private void WriteTable(JsonElement root)
    {
        var classes = root.GetProperty("classes");
        var scores = root.GetProperty("confidences");
        var hasBoxes = root.TryGetProperty("boxes", out var boxes);
        output.WriteLine($"{root.GetProperty("model").GetString()} ({root.GetProperty("task").GetString()}), image {root.GetProperty("width")}x{root.GetProperty("height")}");
        output.WriteLine(hasBoxes ? $"{"#",3}  {"class",-16} {"score",6}  box (x1, y1, x2, y2)" : $"{"#",3}  {"class",-16} {"score",6}");
        for (var i = 0; i < classes.GetArrayLength(); i++)
        {
            var line = $"{i + 1,3}  {classes[i].GetString(),-16} {scores[i].GetSingle().ToString("0.000", CultureInfo.InvariantCulture),6}";
            if (hasBoxes)
            {
                line += "  " + string.Join(", ", boxes[i].EnumerateArray().Select(v => v.GetSingle().ToString("0.0", CultureInfo.InvariantCulture)));
            }

            output.WriteLine(line);
        }
    }
}
