namespace InferenceService.Model;

/// <summary>
/// SageMaker's multi-model endpoint mode (SAGEMAKER_MULTI_MODEL, MULTI_MODEL): models are loaded and unloaded
/// through /models instead of MODEL_DIR at start.
/// </summary>
public sealed class MultiModelOptions
{
    public const string Section = "MultiModel";

    public bool Enabled { get; set; }

    /// <summary>The variable that sets <see cref="Root"/>, as refusals name it.</summary>
    public const string RootVariable = "MULTI_MODEL_ROOT";

    /// <summary>Where SageMaker unpacks the models; POST /models loads only folders under it.</summary>
    public string Root { get; set; } = "/opt/ml/models";

    /// <summary>MODEL_MEMORY_BUDGET_MB; unset, <see cref="DefaultBudgetShare"/> of the memory limit.</summary>
    public long? MemoryBudgetMB { get; set; }

    /// <summary>The share of the container's memory limit (or physical memory) that loaded models may hold by default.</summary>
    public const double DefaultBudgetShare = 0.8;

    /// <summary>A page of GET /models when the caller does not name one.</summary>
    public const int DefaultPageSize = 100;
}
