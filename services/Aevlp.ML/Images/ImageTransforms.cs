using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Aevlp.ML.Images;

/// <summary>Geometric transforms and the conversion to normalised CHW floats.</summary>
public static class ImageTransforms
{
    /// <summary>
    /// Crops (optional) and resizes to S×S with the triangle filter, which is bilinear with antialiasing when shrinking,
    /// as PIL's BILINEAR used by torchvision's Resize in the reference.
    /// </summary>
    public static Image<Rgb24> CropResize(Image<Rgb24> image, Rectangle? crop, int size) => image.Clone(context =>
    {
        if (crop is Rectangle region) context.Crop(region);
        context.Resize(new ResizeOptions { Size = new Size(size, size), Mode = ResizeMode.Stretch, Sampler = KnownResamplers.Triangle });
    });

    /// <summary>
    /// Writes the image as C×H×W floats (channel planes) into <paramref name="destination"/>, mirrored left–right when
    /// <paramref name="flip"/>; flip and normalisation happen in this one pass over the pixels.
    /// </summary>
    public static void WriteChw(Image<Rgb24> image, bool flip, ImageNormalization normalization, Span<float> destination)
    {
        int width = image.Width, height = image.Height, plane = width * height;
        if (destination.Length != 3 * plane)
            throw new ArgumentException($"destination holds {destination.Length} floats, a {width}×{height} image needs {3 * plane}");
        var affine = normalization.Affine();
        var source = normalization.SourceChannels();
        var red = destination[..plane];
        var green = destination.Slice(plane, plane);
        var blue = destination.Slice(2 * plane, plane);
        if (!image.DangerousTryGetSinglePixelMemory(out var memory))
            throw new ArgumentException($"{width}×{height} pixels are not in one buffer (ImageSharp pools images up to 4 MB in one)");
        var all = MemoryMarshal.AsBytes(memory.Span);
        for (int y = 0; y < height; y++)
        {
            var pixels = all.Slice(3 * y * width, 3 * width);
            int rowStart = y * width;
            for (int x = 0; x < width; x++)
            {
                int from = 3 * (flip ? width - 1 - x : x), to = rowStart + x;
                red[to] = pixels[from + source[0]] * affine[0].Multiplier + affine[0].Offset;
                green[to] = pixels[from + source[1]] * affine[1].Multiplier + affine[1].Offset;
                blue[to] = pixels[from + source[2]] * affine[2].Multiplier + affine[2].Offset;
            }
        }
    }
}
