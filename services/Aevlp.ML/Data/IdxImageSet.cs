using System.Buffers.Binary;
using System.IO.Compression;

namespace Aevlp.ML.Data;

/// <summary>Grayscale images with one class label each, as in MNIST-style IDX files.</summary>
/// <param name="Pixels">Count·Height·Width bytes, image after image, row-major, 0 = background.</param>
public sealed record IdxImageSet(int Count, int Height, int Width, byte[] Pixels, byte[] Labels)
{
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * Height * Width, Height * Width);

    /// <summary>Reads a gzipped IDX image file (magic 0x803) and its gzipped label file (magic 0x801).</summary>
    /// <exception cref="InvalidDataException">Bad magic, truncated data, or counts that disagree; names the file.</exception>
    public static IdxImageSet ReadGzip(string imagesFile, string labelsFile)
    {
        byte[] images = Decompress(imagesFile);
        byte[] labels = Decompress(labelsFile);
        int[] imageHeader = Header(images, imagesFile, magic: 0x803, dimensions: 3);
        int[] labelHeader = Header(labels, labelsFile, magic: 0x801, dimensions: 1);
        int count = imageHeader[0], height = imageHeader[1], width = imageHeader[2];
        if (labelHeader[0] != count)
            throw new InvalidDataException($"{labelsFile}: {labelHeader[0]} labels, expected {count} (one per image in {imagesFile})");
        return new IdxImageSet(count, height, width,
            Body(images, imagesFile, 16, (long)count * height * width), Body(labels, labelsFile, 8, count));
    }

    private static byte[] Decompress(string file)
    {
        using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static int[] Header(byte[] bytes, string file, int magic, int dimensions)
    {
        int headerLength = 4 + 4 * dimensions;
        if (bytes.Length < headerLength || BinaryPrimitives.ReadInt32BigEndian(bytes) != magic)
            throw new InvalidDataException($"{file}: not an IDX file with magic 0x{magic:X8}");
        return Enumerable.Range(0, dimensions)
            .Select(d => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d)))
            .ToArray();
    }

    private static byte[] Body(byte[] bytes, string file, int offset, long length)
    {
        if (bytes.Length - offset != length)
            throw new InvalidDataException($"{file}: {bytes.Length - offset} data bytes, expected {length}");
        return bytes[offset..];
    }
}
