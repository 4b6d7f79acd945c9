using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Aevlp.Tracking.Pages.Shared;

/// <summary>One line of a chart: a run's values of a metric by step.</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<(long Step, double Value)> Points);

/// <summary>Line charts as inline SVG, drawn on the server: no script, no library, nothing fetched. Step on x, value
/// on y; NaN and infinities are left out of the line.</summary>
public static class SvgChart
{
    public static readonly string[] Palette = ["#2c6bed", "#e8590c", "#2f9e44", "#ae3ec9", "#f08c00", "#0c8599", "#c2255c", "#5c7cfa"];

    private const double Width = 640, Height = 260, Left = 56, Right = 16, Top = 12, Bottom = 32;

    public static IHtmlContent Render(string title, IReadOnlyList<ChartSeries> series)
    {
        var finite = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Value)).ToArray();
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"metric-chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(title)}\">"));
        if (finite.Length == 0)
        {
            svg.Append(Invariant($"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">no finite values</text></svg>"));
            return new HtmlString(svg.ToString());
        }
        var scale = new Scale(finite.Min(p => p.Step), finite.Max(p => p.Step), finite.Min(p => p.Value), finite.Max(p => p.Value));
        AppendAxes(svg, scale);
        for (int i = 0; i < series.Count; i++) AppendLine(svg, series[i], scale, Palette[i % Palette.Length]);
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    private static void AppendAxes(StringBuilder svg, Scale scale)
    {
        for (int i = 0; i <= 4; i++)
        {
            double value = scale.MinValue + (scale.MaxValue - scale.MinValue) * i / 4, y = scale.Y(value);
            svg.Append(Invariant($"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:F1}\" y2=\"{y:F1}\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{value:G4}</text>"));
            double step = Math.Round(scale.MinStep + (scale.MaxStep - scale.MinStep) * i / 4.0), x = scale.X(step); // steps are whole
            svg.Append(Invariant($"<text x=\"{x:F1}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{step:G6}</text>"));
        }
        svg.Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Height - Bottom}\"/>"));
        svg.Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\"/>"));
        svg.Append(Invariant($"<text x=\"{Width - Right}\" y=\"{Height - 2}\" text-anchor=\"end\">step</text>"));
    }

    private static void AppendLine(StringBuilder svg, ChartSeries series, Scale scale, string color)
    {
        var points = string.Join(' ', series.Points.Where(p => double.IsFinite(p.Value))
            .Select(p => Invariant($"{scale.X(p.Step):F1},{scale.Y(p.Value):F1}")));
        svg.Append(Invariant($"<polyline stroke=\"{color}\" points=\"{points}\"><title>{Encode(series.Label)}</title></polyline>"));
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Maps steps and values into the plot area; a flat range is widened so a single value still draws.</summary>
    private sealed record Scale(long MinStep, long MaxStep, double MinValue, double MaxValue)
    {
        private double StepSpan => Math.Max(1, MaxStep - MinStep);
        private double ValueSpan => MaxValue > MinValue ? MaxValue - MinValue : Math.Max(Math.Abs(MaxValue), 1);

        public double X(double step) => Left + (step - MinStep) / StepSpan * (Width - Left - Right);

        public double Y(double value) => Height - Bottom - (value - MinValue) / ValueSpan * (Height - Top - Bottom);
    }
}
