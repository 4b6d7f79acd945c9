using ScottPlot;

namespace Aevlp.ML.Training;

/// <summary>One epoch's point of the training curve.</summary>
public sealed record CurvePoint(int Epoch, double TrainLoss, double ValidationMap);

/// <summary>The training curve as a PNG drawn with ScottPlot: validation mAP (blue, left axis, 0–100 %) and training loss
/// (orange, right axis, 0 to 1.1 × the largest loss) per epoch, with axis titles, whole-epoch ticks and a legend. Text is
/// set in DejaVu Sans (<see cref="FontFile"/>, Debian's fonts-dejavu-core) so the picture is the same on every machine.</summary>
public sealed class TrainingCurve
{
    public const string ArtifactName = "training-curve.png";
    public const int Width = 640;
    public const int Height = 320;
    public const string FontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    public static readonly Color MapColor = Color.FromHex("#1f77b4");
    public static readonly Color LossColor = Color.FromHex("#ff7f0e");
    private const string FontName = "DejaVu Sans";

    private readonly Plot plot = new();

    static TrainingCurve()
    {
        if (File.Exists(FontFile)) Fonts.AddFontFile(FontName, FontFile);
    }

    public TrainingCurve(IReadOnlyList<CurvePoint> points)
    {
        CurvePoint[] ordered = [.. points.OrderBy(point => point.Epoch)];
        double[] epochs = [.. ordered.Select(p => (double)p.Epoch)];
        var map = plot.Add.Scatter(epochs, [.. ordered.Select(p => p.ValidationMap)], MapColor);
        map.LegendText = "val mAP (%)";
        var loss = plot.Add.Scatter(epochs, [.. ordered.Select(p => p.TrainLoss)], LossColor);
        loss.LegendText = "train loss";
        loss.Axes.YAxis = plot.Axes.Right;
        foreach (var series in new[] { map, loss }) (series.LineWidth, series.MarkerSize) = (2, 7);

        plot.Font.Set(FontName);
        plot.XLabel("epoch");
        plot.YLabel("val mAP (%)");
        plot.Axes.Right.Label.Text = "train loss";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        var lastEpoch = epochs.DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsX(epochs.DefaultIfEmpty(1).Min() - 0.5, lastEpoch + 0.5);
        plot.Axes.SetLimitsY(0, 100, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(1e-9, 1.1 * ordered.Select(p => p.TrainLoss).DefaultIfEmpty(1).Max()), plot.Axes.Right);
        plot.ShowLegend(Alignment.LowerLeft);
    }

    public byte[] RenderPng() => plot.GetImageBytes(Width, Height, ImageFormat.Png);

    public void WritePng(Stream destination) => destination.Write(RenderPng());

    /// <summary>Where an epoch's val mAP is drawn, in the last rendered picture.</summary>
    public Pixel MapPixel(CurvePoint point) => plot.GetPixel(new Coordinates(point.Epoch, point.ValidationMap), plot.Axes.Bottom, plot.Axes.Left);

    /// <summary>Where an epoch's training loss is drawn, in the last rendered picture.</summary>
    public Pixel LossPixel(CurvePoint point) => plot.GetPixel(new Coordinates(point.Epoch, point.TrainLoss), plot.Axes.Bottom, plot.Axes.Right);
}
