namespace InferenceService.Reliability;

/// <summary>Every worker is busy and the queue is full: the request is refused at once, not queued.</summary>
public sealed class ServerBusyException(int workers, int queueLength)
    : Exception($"All {workers} workers are busy and {queueLength} requests are already queued.");
