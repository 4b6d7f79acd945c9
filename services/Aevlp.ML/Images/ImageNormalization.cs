namespace Aevlp.ML.Images;

/// <summary>
/// How pixels become model input: value = pixel/255 · <paramref name="PixelScale"/>, then (value − mean[c]) / std[c]
/// per output channel c, channels in <paramref name="Order"/>. Models disagree (torchvision: RGB, scale 1, ImageNet
/// mean/std; Caffe-style ONNX: BGR, scale 255), so the teacher's preprocessing is data, not code.
/// </summary>
/// <param name="Mean">Per output channel, in <paramref name="Order"/>.</param>
/// <param name="Std">Per output channel, in <paramref name="Order"/>.</param>
/// <param name="PixelScale">1 for inputs in [0,1], 255 for inputs in [0,255].</param>
public sealed record ImageNormalization(float[] Mean, float[] Std, ChannelOrder Order = ChannelOrder.Rgb, float PixelScale = 1f)
{
    /// <summary>torchvision's ImageNet statistics (spec §2).</summary>
    public static readonly ImageNormalization ImageNet = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    /// <summary>Multiplier and offset per output channel so that value = byte · Multiplier + Offset.</summary>
    internal (float Multiplier, float Offset)[] Affine()
    {
        if (Mean.Length != 3 || Std.Length != 3 || Std.Any(s => s == 0))
            throw new ArgumentException("normalisation needs 3 means and 3 non-zero standard deviations");
        return Enumerable.Range(0, 3)
            .Select(c => (PixelScale / 255f / Std[c], -Mean[c] / Std[c]))
            .ToArray();
    }

    /// <summary>Source channel (0 = R, 1 = G, 2 = B) for each output channel.</summary>
    internal int[] SourceChannels() => Order == ChannelOrder.Rgb ? [0, 1, 2] : [2, 1, 0];
}
