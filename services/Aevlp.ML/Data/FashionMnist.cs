namespace Aevlp.ML.Data;

/// <summary>Fashion-MNIST as the Debian package <c>dataset-fashion-mnist</c> installs it.</summary>
public static class FashionMnist
{
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The 60 000 training images.</summary>
    public static IdxImageSet LoadTrain(string directory = DefaultDirectory) => Load(directory, "train");

    /// <summary>The 10 000 test images.</summary>
    public static IdxImageSet LoadTest(string directory = DefaultDirectory) => Load(directory, "t10k");

    private static IdxImageSet Load(string directory, string prefix) => IdxImageSet.ReadGzip(
        Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz"),
        Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz"));
}
