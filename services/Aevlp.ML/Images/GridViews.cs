using SixLabors.ImageSharp;

namespace Aevlp.ML.Images;

/// <summary>The DAMP views of an image (spec §4).</summary>
public static class GridViews
{
    /// <summary>
    /// View 0 is the whole image; views 1..G² are the G×G tiles in row-major order, each ⌊W/G⌋×⌊H/G⌋ starting at
    /// (x·⌊W/G⌋, y·⌊H/G⌋), its right/bottom edge clipped to the image as in the reference
    /// (<c>right = min(width, (x+1)·tile_width)</c>). With ⌊⌋ tiles the clip never bites, so every tile has the same
    /// size and the last W mod G columns and H mod G rows belong to no tile, as in the released code.
    /// </summary>
    public static Rectangle[] Rectangles(int width, int height, int grid)
    {
        if (grid < 1 || width < grid || height < grid)
            throw new ArgumentException($"a {width}×{height} image cannot be cut into a {grid}×{grid} grid");
        int tileWidth = width / grid, tileHeight = height / grid;
        var views = new Rectangle[1 + grid * grid];
        views[0] = new Rectangle(0, 0, width, height);
        for (int y = 0; y < grid; y++)
        for (int x = 0; x < grid; x++)
        {
            int left = x * tileWidth, top = y * tileHeight;
            int right = Math.Min(width, left + tileWidth), bottom = Math.Min(height, top + tileHeight);
            views[1 + y * grid + x] = Rectangle.FromLTRB(left, top, right, bottom);
        }
        return views;
    }

    /// <summary>
    /// All 1 + G² views of an image file, each resized to size×size, optionally flipped, and normalised as the
    /// teacher expects: float32 [1 + G², 3, size, size], row-major.
    /// </summary>
    public static float[] Render(string path, int grid, int size, ImageNormalization normalization, bool flip)
    {
        using var image = ImageDecoding.Load(path);
        var views = Rectangles(image.Width, image.Height, grid);
        var pixels = new float[views.Length * 3 * size * size];
        for (int v = 0; v < views.Length; v++)
        {
            using var view = ImageTransforms.CropResize(image, views[v], size);
            ImageTransforms.WriteChw(view, flip, normalization, pixels.AsSpan(v * 3 * size * size, 3 * size * size));
        }
        return pixels;
    }
}
