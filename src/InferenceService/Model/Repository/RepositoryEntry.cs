namespace InferenceService.Model.Repository;

public enum RepositoryState
{
    Loading,
    Ready,
    Failed,
}

/// <summary>
/// What the repository knows of one folder, as GET /models lists it. Immutable: a scan replaces it whole, so a
/// reader never sees a state with another version's reason.
/// </summary>
/// <param name="Fingerprint">The files last loaded (or tried): a scan acts again only once they change.</param>
/// <param name="LastReloadError">Why the latest changed files were not swapped in; the previous version serves on.</param>
public sealed record RepositoryEntry(
    string Name, string Url, RepositoryState State, string Fingerprint, string? Reason = null, string? LastReloadError = null);
