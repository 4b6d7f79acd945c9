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

        png.Position = 0;
        using var image = Image.Load<Rgba32>(png);
        Assert.Equal((TrainingCurve.Width, TrainingCurve.Height), (image.Width, image.Height));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.ToArray()[..4]);
    }

    [Fact]
    public void Each_epoch_is_a_dot_of_its_series_colour_where_its_value_maps()
    {
        var curve = new TrainingCurve(ThreeEpochs);
        using var image = curve.Render();

        foreach (var point in ThreeEpochs)
        {
            Assert.Equal(TrainingCurve.MapColor, image[curve.MapPixel(point).X, curve.MapPixel(point).Y]);
            Assert.Equal(TrainingCurve.LossColor, image[curve.LossPixel(point).X, curve.LossPixel(point).Y]);
        }
        // Left to right in epoch order; higher mAP is higher up, lower loss lower down.
        var (first, last) = (ThreeEpochs[0], ThreeEpochs[^1]);
        Assert.True(curve.MapPixel(first).X < curve.MapPixel(last).X);
        Assert.True(curve.MapPixel(last).Y < curve.MapPixel(first).Y);
        Assert.True(curve.LossPixel(last).Y > curve.LossPixel(first).Y);
    }

    [Fact]
    public void The_lines_join_the_epochs_and_the_rest_stays_background()
    {
        var curve = new TrainingCurve(ThreeEpochs);
        using var image = curve.Render();

        var (from, to) = (curve.MapPixel(ThreeEpochs[0]), curve.MapPixel(ThreeEpochs[1]));
        Assert.Equal(TrainingCurve.MapColor, image[(from.X + to.X) / 2, (from.Y + to.Y) / 2]);
        var coloured = Count(image, pixel => pixel == TrainingCurve.MapColor || pixel == TrainingCurve.LossColor);
        Assert.InRange(coloured, 1_000, TrainingCurve.Width * TrainingCurve.Height / 10);
        Assert.Equal(new Rgba32(255, 255, 255), image[2, 2]);
    }

    [Fact]
    public void One_epoch_is_a_dot_in_the_middle()
    {
        var point = new CurvePoint(1, 0.7, 55);
        var curve = new TrainingCurve([point]);
        using var image = curve.Render();

        Assert.Equal(TrainingCurve.Width / 2, curve.MapPixel(point).X);
        Assert.Equal(TrainingCurve.MapColor, image[curve.MapPixel(point).X, curve.MapPixel(point).Y]);
    }

    private static int Count(Image<Rgba32> image, Func<Rgba32, bool> predicate)
    {
        var count = 0;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
                foreach (var pixel in rows.GetRowSpan(y)) if (predicate(pixel)) count++;
        });
        return count;
    }
}
