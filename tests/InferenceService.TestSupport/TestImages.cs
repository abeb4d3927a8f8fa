using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace InferenceService.TestSupport;

/// <summary>
/// Images built in the test, each exercising one decoder path: Skia encodes the ordinary ones, the unusual
/// ones (16-bit and palette PNG, animated GIF, BMP, EXIF, huge headers, bad CRCs) are written byte by byte.
/// </summary>
public static class TestImages
{
    public static byte[] Encode(int width, int height, SKEncodedImageFormat format, SKColorType colorType = SKColorType.Rgba8888, int quality = 90)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, colorType, colorType == SKColorType.Gray8 ? SKAlphaType.Opaque : SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            using var paint = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.Red, SKColors.Blue], SKShaderTileMode.Clamp) };
            canvas.DrawRect(0, 0, width, height, paint);
        }

        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width = 64, int height = 48) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    /// <summary>A PNG from raw scanlines (each prefixed with filter byte 0).</summary>
    public static byte[] Png(int width, int height, byte bitDepth, byte colorType, byte[] scanlines, byte[]? palette = null, bool corruptHeaderCrc = false)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colorType;
        WriteChunk(png, "IHDR", header, corruptHeaderCrc);
        if (palette is not null)
        {
            WriteChunk(png, "PLTE", palette);
        }

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(scanlines);
            }

            WriteChunk(png, "IDAT", compressed.ToArray());
        }

        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>16 bits per channel RGB.</summary>
    public static byte[] Png16Bit(int width = 8, int height = 8)
    {
        var rowBytes = 1 + width * 6;
        var lines = new byte[rowBytes * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width * 6; x++)
            {
                lines[y * rowBytes + 1 + x] = (byte)(x * 37 + y * 11);
            }
        }

        return Png(width, height, 16, 2, lines);
    }

    public static byte[] PalettePng(int width = 8, int height = 8)
    {
        var rowBytes = 1 + width;
        var lines = new byte[rowBytes * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                lines[y * rowBytes + 1 + x] = (byte)((x + y) % 3);
            }
        }

        return Png(width, height, 8, 3, lines, palette: [255, 0, 0, 0, 255, 0, 0, 0, 255]);
    }

    /// <summary>A valid PNG header declaring the given size, with one tiny IDAT: decoding would need gigabytes.</summary>
    public static byte[] PngDeclaring(int width, int height) => Png(width, height, 8, 0, new byte[2]);

    public static byte[] PngWithBadCrc() => Png(4, 4, 8, 0, new byte[5 * 4], corruptHeaderCrc: true);

    /// <summary>A two-frame animated GIF, 1×1 frames on a logical screen of the given size.</summary>
    public static byte[] AnimatedGif(ushort width = 1, ushort height = 1)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        Span<byte> screen = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, width);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[2..], height);
        screen[4] = 0x80; // global colour table of 2 entries
        gif.Write(screen);
        gif.Write([0, 0, 0, 255, 255, 255]);
        gif.Write([0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8, 0x03, 0x01, 0x00, 0x00, 0x00]);
        for (var frame = 0; frame < 2; frame++)
        {
            gif.Write([0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00]);
            gif.Write([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
            gif.Write([0x02, 0x02, (byte)(frame == 0 ? 0x44 : 0x4C), 0x01, 0x00]);
        }

        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>A 2×2 24-bit BMP.</summary>
    public static byte[] Bmp()
    {
        var bmp = new byte[54 + 16];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 2);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), 2);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        for (var i = 54; i < bmp.Length; i++)
        {
            bmp[i] = (byte)(i * 13);
        }

        return bmp;
    }

    /// <summary>A JPEG with an EXIF APP1 segment carrying the given orientation (1–8), inserted after SOI.</summary>
    public static byte[] JpegWithOrientation(int orientation, int width = 40, int height = 20)
    {
        var jpeg = Jpeg(width, height);
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, first IFD at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, // Orientation, SHORT, 1 value
            0, 0, 0, 0, // no next IFD
        ];
        var payload = (byte[])[.. "Exif\0\0"u8, .. tiff];
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    /// <summary>A real JPEG whose SOF header is patched to declare the given size.</summary>
    public static byte[] JpegDeclaring(ushort width, ushort height)
    {
        var jpeg = Jpeg(16, 16);
        for (var i = 2; i < jpeg.Length - 9; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), width);
                return jpeg;
            }
        }

        throw new InvalidOperationException("No SOF marker in the encoded JPEG.");
    }

    /// <summary>A little-endian TIFF header with one empty IFD: a real format Skia does not decode.</summary>
    public static byte[] Tiff() => [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>The opening ftyp box of a HEIC file.</summary>
    public static byte[] Heic() => [0, 0, 0, 24, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8, .. new byte[64]];

    /// <summary>
    /// A 96×64 CMYK JPEG (Adobe APP14, quality 80) made with ImageMagick: a vertical gradient from #d02020 (top)
    /// to #2040d0 (bottom) with a #20c040 square at (8,8)–(40,40). Committed, since SkiaSharp cannot write CMYK.
    /// </summary>
    public static byte[] CmykJpeg() => File.ReadAllBytes(Path.Combine(SharedAssets.RepoRoot, "tests", "InferenceService.TestSupport", "Fixtures", "cmyk.jpg"));

    public static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    public static string Base64Json(byte[] image) => $"{{\"image\": \"{Convert.ToBase64String(image)}\"}}";

    private static void WriteChunk(Stream png, string type, byte[] data, bool corruptCrc = false)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = (byte[])[.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typed);
        var crc = Crc32(typed) ^ (corruptCrc ? 0xFFFFu : 0u);
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        png.Write(crcBytes);
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
