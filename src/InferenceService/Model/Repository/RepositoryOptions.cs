namespace InferenceService.Model.Repository;

/// <summary>
/// The on-premises model repository (MODEL_REPOSITORY): every sub-folder of <see cref="Root"/> is a model served
/// under the folder's name, loaded at start and, with <see cref="PollSeconds"/>, kept in step with the folder.
/// </summary>
public sealed class RepositoryOptions
{
    public const string Section = "Repository";

    /// <summary>Unset: single-model mode (or a multi-model endpoint); set, the repository mode.</summary>
    public string? Root { get; set; }

    /// <summary>How often the folder is scanned for new, removed and changed models; 0 scans only at start.</summary>
    public int PollSeconds { get; set; }

    /// <summary>A day: a longer period is no polling at all, and past ~49 days the timer cannot be set.</summary>
    public const int MaxPollSeconds = 86400;

    /// <summary>The model /invocations serves when the request names none.</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Maps POST and DELETE /models, behind <see cref="ManagementToken"/>.</summary>
    public bool Management { get; set; }

    public string? ManagementToken { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Root);
}
