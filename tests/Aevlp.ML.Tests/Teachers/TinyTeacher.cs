using Aevlp.ML.Images;
using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Aevlp.ML.Tests.Teachers;

/// <summary>Teacher folders around the tiny ONNX encoders of data/make_tiny_encoders.py (8×8 pixels → 4-d embedding).</summary>
public static class TinyTeacher
{
    public const int Size = 8, Dimension = 4, Classes = 3;

    public static readonly float[] Embeddings = [1f, 0f, 0f, 0f, 0.5f, -1f, 2f, 0f, -0.3f, 0.2f, 0.1f, 0.9f];

    /// <summary>BGR with distinct means and stds, so a channel-order or scaling mistake changes the logits.</summary>
    public static TeacherMetadata Metadata => new("tiny", "pixels", "embedding", Size, [0.4f, 0.5f, 0.6f], [0.2f, 0.25f, 0.3f],
        ChannelOrder.Bgr, 1f, Dimension, ["cat", "dog", "bird"]);

    public static string Model(string file) => Path.Combine(AppContext.BaseDirectory, "Teachers", "data", file);

    public static string Write(string directory, string model = "tiny_dynamic.onnx", TeacherMetadata? metadata = null, float[]? embeddings = null, int[]? shape = null)
    {
        Directory.CreateDirectory(directory);
        File.Copy(Model(model), Path.Combine(directory, TeacherMetadata.EncoderFile), overwrite: true);
        (metadata ?? Metadata).Write(directory);
        NpyFile.Write(Path.Combine(directory, TeacherMetadata.ClassEmbeddingsFile),
            NpyArray.Of(embeddings ?? Embeddings, shape ?? [Classes, Dimension]));
        return directory;
    }

    /// <summary>Random RGB PNGs of odd sizes, so grid tiles do not divide evenly.</summary>
    public static string[] Images(string directory, int count, int seed = 3)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            using var image = new Image<Rgb24>(19 + i, 17);
            image.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < rows.Height; y++)
                    foreach (ref var pixel in rows.GetRowSpan(y))
                        pixel = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            });
            var path = Path.Combine(directory, $"image{i}.png");
            image.SaveAsPng(path);
            return path;
        }).ToArray();
    }
}
