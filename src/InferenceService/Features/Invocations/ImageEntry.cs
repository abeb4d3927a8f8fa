namespace InferenceService.Features.Invocations;

/// <summary>Why one image of a request is unusable; each kind has its own problem type (<see cref="InvocationProblems"/>).</summary>
public enum EntryError
{
    None,
    MalformedJson,
    InvalidRequest,
    InvalidBase64,
}

/// <summary>
/// One image of a request: where its decoded bytes lie in the body, a URL to fetch, or why the entry is unusable
/// (a problem for that entry alone when it is part of a batch).
/// </summary>
public readonly record struct ImageEntry(int Offset, int Length, string? Url, EntryError Error, string? Message)
{
    public bool Succeeded => Error == EntryError.None;

    public static ImageEntry Bytes(int offset, int length) => new(offset, length, null, EntryError.None, null);

    public static ImageEntry ForUrl(string url) => new(0, 0, url, EntryError.None, null);

    public static ImageEntry Failed(EntryError kind, string message) => new(0, 0, null, kind, message);

    public static ImageEntry Invalid(string message) => Failed(EntryError.InvalidRequest, message);
}

/// <summary>A classified JSON body: one image, or the entries of a batch (<c>instances</c> or JSON Lines).</summary>
public readonly record struct ClassifiedBody(ImageEntry Single, IReadOnlyList<ImageEntry>? Batch)
{
    public static ClassifiedBody Of(ImageEntry entry) => new(entry, null);
}
