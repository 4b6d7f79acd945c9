using Aevlp.ML.Training;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Aevlp.ML.Tests.Training;

public class TrainingCurveTests
{
    private static readonly CurvePoint[] ThreeEpochs = [new(1, 0.9, 40), new(2, 0.5, 62), new(3, 0.3, 71)];

    [Fact]
    public void Is_a_png_of_the_documented_size()
    {
        using var png = new MemoryStream();
        new TrainingCurve(ThreeEpochs).WritePng(png);

        using var image = Image.Load<Rgba32>(png.ToArray());
        Assert.Equal((TrainingCurve.Width, TrainingCurve.Height), (image.Width, image.Height));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.ToArray()[..4]);
    }

    [Fact]
    public void Each_epoch_is_a_marker_of_its_series_colour_where_its_value_maps()
    {
        var curve = new TrainingCurve(ThreeEpochs);
        using var image = Image.Load<Rgba32>(curve.RenderPng());

        foreach (var point in ThreeEpochs)
        {
            Assert.Equal(Rgba(TrainingCurve.MapColor), At(image, curve.MapPixel(point)));
            Assert.Equal(Rgba(TrainingCurve.LossColor), At(image, curve.LossPixel(point)));
        }
        // Left to right in epoch order; higher mAP is higher up, lower loss lower down; mAP on 0-100, so 71 % sits above the middle.
        var (first, last) = (ThreeEpochs[0], ThreeEpochs[^1]);
        Assert.True(curve.MapPixel(first).X < curve.MapPixel(last).X);
        Assert.True(curve.MapPixel(last).Y < curve.MapPixel(first).Y);
        Assert.True(curve.LossPixel(last).Y > curve.LossPixel(first).Y);
        Assert.True(curve.MapPixel(last).Y < TrainingCurve.Height / 2);
    }

    [Fact]
    public void The_axes_carry_titles_ticks_and_a_legend_in_dark_text()
    {
        var curve = new TrainingCurve(ThreeEpochs);
        using var image = Image.Load<Rgba32>(curve.RenderPng());

        // Text is dark grey to black: the left margin holds the mAP title and ticks, the bottom one "epoch" and its ticks,
        // the right one the loss axis; the plot area holds the legend box's labels.
        // (Measured: about 240, 160 and 860 such pixels; an empty margin has none.)
        Assert.True(Dark(image, 0, 0, 30, TrainingCurve.Height) > 100, "no text left of the plot");
        Assert.True(Dark(image, 0, TrainingCurve.Height - 40, TrainingCurve.Width, TrainingCurve.Height) > 80, "no text under the plot");
        Assert.True(Dark(image, TrainingCurve.Width - 60, 0, TrainingCurve.Width, TrainingCurve.Height) > 300, "no text right of the plot");
    }

    [Fact]
    public void One_epoch_is_a_marker_in_the_middle()
    {
        var point = new CurvePoint(1, 0.7, 55);
        var curve = new TrainingCurve([point]);
        using var image = Image.Load<Rgba32>(curve.RenderPng());

        var plotLeft = curve.MapPixel(point).X;
        Assert.Equal(Rgba(TrainingCurve.MapColor), At(image, curve.MapPixel(point)));
        Assert.InRange(plotLeft, TrainingCurve.Width * 0.35, TrainingCurve.Width * 0.65);
    }

    private static Rgba32 Rgba(ScottPlot.Color color) => new(color.R, color.G, color.B);

    private static Rgba32 At(Image<Rgba32> image, ScottPlot.Pixel pixel)
    {
        var value = image[(int)Math.Round(pixel.X), (int)Math.Round(pixel.Y)];
        return new Rgba32(value.R, value.G, value.B);
    }

    private static int Dark(Image<Rgba32> image, int x0, int y0, int x1, int y1)
    {
        var count = 0;
        for (var y = y0; y < y1; y++)
        for (var x = x0; x < x1; x++)
        {
            var p = image[x, y];
            if (p.R < 128 && p.G < 128 && p.B < 128) count++;
        }
        return count;
    }
}
