namespace InferenceService.Inference;

/// <summary>A model folder that cannot be served; the message is what /ping reports.</summary>
public class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
