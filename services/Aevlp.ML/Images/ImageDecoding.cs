using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Aevlp.ML.Images;

/// <summary>
/// Decodes JPEG/PNG files into RGB with ImageSharp 2.1 (chosen by measurement, docs/benchmarks.md "Data loading").
/// Each decode runs single-threaded: the loader parallelises across images, not within one.
/// </summary>
public static class ImageDecoding
{
    /// <summary>
    /// Larger images are refused before decoding. ImageSharp 2.1 has reported flaws with crafted images; dataset images
    /// come from users, so a header that claims a huge size (a decompression bomb) must not reach the decoder.
    /// </summary>
    public const long MaxPixels = 64L * 1024 * 1024;

    private static readonly SixLabors.ImageSharp.Configuration SingleThreaded = CreateConfiguration();

    /// <exception cref="InvalidDataException">Not an image, too large, or undecodable; the message names the file.</exception>
    public static Image<Rgb24> Load(string path)
    {
        try
        {
            // Only the header is read before the size check, so a huge file costs no memory either.
            using var file = File.OpenRead(path);
            var info = Image.Identify(SingleThreaded, file)
                ?? throw new InvalidDataException($"{path}: not a supported image (expected JPEG or PNG)");
            long pixels = (long)info.Width * info.Height;
            if (pixels > MaxPixels)
                throw new InvalidDataException($"{path}: {info.Width}×{info.Height} is {pixels} pixels; expected at most {MaxPixels} (refused before decoding)");
            file.Position = 0;
            return Image.Load<Rgb24>(SingleThreaded, file);
        }
        catch (ImageFormatException error)
        {
            throw new InvalidDataException($"{path}: cannot decode image: {error.Message}", error);
        }
    }

    private static SixLabors.ImageSharp.Configuration CreateConfiguration()
    {
        var configuration = SixLabors.ImageSharp.Configuration.Default.Clone();
        configuration.MaxDegreeOfParallelism = 1;
        return configuration;
    }
}
