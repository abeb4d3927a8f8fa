namespace InferenceService.Inference.Preprocessing;

/// <summary>Fills the part of the tensor the image does not cover (letterbox bands, <see cref="ResizeMode.Original"/>'s aspect padding) with the pad value.</summary>
internal static class TensorPadding
{
    public static void Fill<T>(Span<T> tensor, in InputGeometry g, TensorLayout layout, ReadOnlySpan<T> pad)
    {
        var visible = g.Visible;
        int x0 = g.OffsetX + visible.Left, x1 = g.OffsetX + visible.Right;
        int y0 = g.OffsetY + visible.Top, y1 = g.OffsetY + visible.Bottom;
        int w = g.TensorWidth, h = g.TensorHeight;
        if (x0 == 0 && y0 == 0 && x1 == w && y1 == h)
        {
            return;
        }

        for (var y = 0; y < h; y++)
        {
            var inside = y >= y0 && y < y1;
            Fill(tensor, w, h, y, 0, inside ? x0 : w, layout, pad);
            if (inside) Fill(tensor, w, h, y, x1, w, layout, pad);
        }
    }

    private static void Fill<T>(Span<T> tensor, int w, int h, int y, int from, int to, TensorLayout layout, ReadOnlySpan<T> pad)
    {
        if (to <= from)
        {
            return;
        }

        if (layout == TensorLayout.Nchw)
        {
            for (var c = 0; c < 3; c++)
            {
                tensor.Slice(c * w * h + y * w + from, to - from).Fill(pad[c]);
            }

            return;
        }

        var row = tensor.Slice((y * w + from) * 3, (to - from) * 3);
        for (var i = 0; i < row.Length; i += 3)
        {
            row[i] = pad[0];
            row[i + 1] = pad[1];
            row[i + 2] = pad[2];
        }
    }
}
