using System.Net.Http.Headers;
using System.Text;

namespace InferenceService.FunctionalTests.Http;

public static class Requests
{
    public static ByteArrayContent Raw(byte[] bytes, string contentType = "image/jpeg")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent JsonImage(byte[] bytes) => Json($"{{\"image\": \"{Convert.ToBase64String(bytes)}\"}}");
}
