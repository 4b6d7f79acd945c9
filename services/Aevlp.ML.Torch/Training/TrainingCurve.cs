using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Aevlp.ML.Training;

/// <summary>One epoch's point of the training curve.</summary>
public sealed record CurvePoint(int Epoch, double TrainLoss, double ValidationMap);

/// <summary>The training curve as a small PNG: validation mAP (blue, 0–100 % bottom to top) and training loss (orange,
/// 0 to 1.1 × the largest loss) per epoch, epochs evenly spaced left to right, on a grid at every 25 %. Drawn with
/// ImageSharp's pixel access only (ImageSharp.Drawing is not available at a 2.x-compatible version), so it has no text:
/// the tracker page that shows it says what the colours are.</summary>
public sealed class TrainingCurve
{
    public const string ArtifactName = "training-curve.png";
    public const int Width = 640;
    public const int Height = 320;
    public static readonly Rgba32 MapColor = new(31, 119, 180);
    public static readonly Rgba32 LossColor = new(255, 127, 14);
    private static readonly Rgba32 Background = new(255, 255, 255);
    private static readonly Rgba32 GridColor = new(225, 225, 225);
    private static readonly Rgba32 AxisColor = new(120, 120, 120);
    private const int Margin = 24;

    private readonly List<CurvePoint> points;
    private readonly double lossTop;

    public TrainingCurve(IReadOnlyList<CurvePoint> points)
    {
        this.points = [.. points.OrderBy(point => point.Epoch)];
        lossTop = Math.Max(1e-9, 1.1 * this.points.Select(point => point.TrainLoss).DefaultIfEmpty(1).Max());
    }

    /// <summary>Where an epoch's val mAP is drawn.</summary>
    public Point MapPixel(CurvePoint point) => new(X(point), Y(point.ValidationMap / 100));

    /// <summary>Where an epoch's training loss is drawn.</summary>
    public Point LossPixel(CurvePoint point) => new(X(point), Y(point.TrainLoss / lossTop));

    public Image<Rgba32> Render()
    {
        var image = new Image<Rgba32>(Width, Height, Background);
        for (var quarter = 0; quarter <= 4; quarter++)
        {
            var y = Y(quarter / 4.0);
            Line(image, new Point(Margin, y), new Point(Width - Margin, y), quarter == 0 ? AxisColor : GridColor, radius: 0);
        }
        Line(image, new Point(Margin, Y(0)), new Point(Margin, Y(1)), AxisColor, radius: 0);
        Series(image, LossPixel, LossColor);
        Series(image, MapPixel, MapColor);
        return image;
    }

    public void WritePng(Stream destination)
    {
        using var image = Render();
        image.SaveAsPng(destination);
    }

    private void Series(Image<Rgba32> image, Func<CurvePoint, Point> pixel, Rgba32 color)
    {
        for (var i = 1; i < points.Count; i++) Line(image, pixel(points[i - 1]), pixel(points[i]), color, radius: 1);
        foreach (var point in points) Dot(image, pixel(point), color, radius: 3);
    }

    private int X(CurvePoint point)
    {
        var index = points.Count == 1 ? 0.5 : points.IndexOf(point) / (double)(points.Count - 1);
        return Margin + (int)Math.Round(index * (Width - 2 * Margin));
    }

    // fraction 0 is the bottom of the plot, 1 its top; values outside are clamped to the frame.
    private static int Y(double fraction) =>
        Height - Margin - (int)Math.Round(Math.Clamp(fraction, 0, 1) * (Height - 2 * Margin));

    private static void Line(Image<Rgba32> image, Point from, Point to, Rgba32 color, int radius)
    {
        var steps = Math.Max(Math.Abs(to.X - from.X), Math.Abs(to.Y - from.Y));
        for (var step = 0; step <= steps; step++)
        {
            var t = steps == 0 ? 0 : step / (double)steps;
            Dot(image, new Point((int)Math.Round(from.X + t * (to.X - from.X)), (int)Math.Round(from.Y + t * (to.Y - from.Y))), color, radius);
        }
    }

    private static void Dot(Image<Rgba32> image, Point centre, Rgba32 color, int radius)
    {
        for (var y = Math.Max(0, centre.Y - radius); y <= Math.Min(Height - 1, centre.Y + radius); y++)
        for (var x = Math.Max(0, centre.X - radius); x <= Math.Min(Width - 1, centre.X + radius); x++)
        {
            image[x, y] = color;
        }
    }
}
