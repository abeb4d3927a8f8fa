namespace InferenceService.Inference;

/// <summary>A model folder that cannot be served; the message is what /ping reports.</summary>
public class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The <c>inference.json</c> field that resolves the failure, when one does (<c>inspect</c> names it).</summary>
    public string? ManifestField { get; init; }

    /// <summary>
    /// Why a load failed, in words. The loader's own errors say what is wrong; anything else (an overflow in a
    /// parser, memory running out) still fails the load rather than the process, and its type is kept so the
    /// cause can be found.
    /// </summary>
    public static string Describe(Exception e) =>
        e is ModelLoadException or Imaging.ImageDecodeException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or IOException or UnauthorizedAccessException
            ? e.Message
            : $"Loading the model failed with {e.GetType().Name}: {e.Message}";
}
