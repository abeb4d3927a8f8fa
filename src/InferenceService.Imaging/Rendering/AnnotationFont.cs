using SkiaSharp;

namespace InferenceService.Imaging.Rendering;

/// <summary>
/// The typeface labels are drawn with. SkiaSharp's NoDependencies native build has no font manager, so there is
/// no default typeface: a TTF is loaded from a file. Order: the configured path (must exist), else the system's
/// DejaVu Sans (Debian fonts-dejavu-core), else the copy shipped beside the application, so the service renders
/// text in a container without network or fonts installed.
/// </summary>
public static class AnnotationFont
{
    public const string SystemPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    public static string ShippedPath => Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf");

    /// <summary>Which file would be used for <paramref name="configuredPath"/>.</summary>
    public static string Resolve(string? configuredPath)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return File.Exists(configuredPath)
                ? configuredPath
                : throw new FileNotFoundException($"The annotation font '{configuredPath}' (ANNOTATION_FONT) does not exist.", configuredPath);
        }

        if (File.Exists(SystemPath))
        {
            return SystemPath;
        }

        return File.Exists(ShippedPath)
            ? ShippedPath
            : throw new FileNotFoundException($"No annotation font: neither {SystemPath} nor the shipped {ShippedPath} exists; set ANNOTATION_FONT.");
    }

    /// <summary>Loads the typeface, failing when the file is not a usable font (it would draw nothing).</summary>
    public static SKTypeface Load(string? configuredPath)
    {
        var path = Resolve(configuredPath);
        var typeface = SKTypeface.FromFile(path);
        if (typeface is null || typeface.GlyphCount == 0)
        {
            typeface?.Dispose();
            throw new InvalidDataException($"The annotation font '{path}' has no glyphs; it is not a usable TrueType/OpenType font.");
        }

        return typeface;
    }
}
