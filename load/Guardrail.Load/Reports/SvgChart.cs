using System.Globalization;
using System.Net;
using System.Text;

namespace Guardrail.Load.Reports;

/// <summary>
/// A line chart as inline SVG, no script and no external resource, so the HTML report is one self-contained file.
/// Axes may be logarithmic (latency); tick labels come from the caller so percentiles read as percentiles.
/// </summary>
internal static class SvgChart
{
    private const int Width = 760;
    private const int Height = 320;
    private const int Left = 64;
    private const int Right = 210;
    private const int Top = 28;
    private const int Bottom = 44;

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<SvgSeries> series, bool logY,
        IReadOnlyList<(double Value, string Label)>? xTicks = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y) && (!logY || p.Y > 0)).ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Encode(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{Encode(title)}</text>");
        if (points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height / 2}\" font-size=\"12\">no data</text></svg>");
            return svg.ToString();
        }

        var (minX, maxX) = (points.Min(p => p.X), points.Max(p => p.X));
        if (xTicks is { Count: > 0 })
        {
            minX = Math.Min(minX, xTicks.Min(t => t.Value));
            maxX = Math.Max(maxX, xTicks.Max(t => t.Value));
        }

        maxX = maxX > minX ? maxX : minX + 1;
        var (minY, maxY) = logY
            ? (Math.Pow(10, Math.Floor(Math.Log10(points.Min(p => p.Y)))), Math.Pow(10, Math.Ceiling(Math.Log10(points.Max(p => p.Y)))))
            : (0, NiceCeiling(points.Max(p => p.Y)));
        maxY = maxY > minY ? maxY : minY + (logY ? 10 * minY : 1);
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double Sx(double x) => Left + ((x - minX) / (maxX - minX) * plotW);
        double Sy(double y) => logY
            ? Top + plotH - ((Math.Log10(y) - Math.Log10(minY)) / (Math.Log10(maxY) - Math.Log10(minY)) * plotH)
            : Top + plotH - ((y - minY) / (maxY - minY) * plotH);

        // Frame, grid and ticks.
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#999\"/>");
        foreach (var (value, label) in YTicks(minY, maxY, logY))
        {
            var y = Sy(value);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" font-size=\"11\" text-anchor=\"end\">{Encode(label)}</text>");
        }

        foreach (var (value, label) in xTicks ?? LinearTicks(minX, maxX))
        {
            var x = Sx(value);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top}\" y2=\"{Top + plotH}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{Top + plotH + 16}\" font-size=\"11\" text-anchor=\"middle\">{Encode(label)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 8}\" font-size=\"12\" text-anchor=\"middle\">{Encode(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{Top + (plotH / 2)}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Top + (plotH / 2)})\">{Encode(yLabel)}</text>");

        var legendY = Top + 4;
        foreach (var s in series)
        {
            var visible = s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y) && (!logY || p.Y > 0)).ToList();
            if (visible.Count > 0)
            {
                var path = string.Join(' ', visible.Select(p => string.Create(CultureInfo.InvariantCulture, $"{Sx(p.X):0.##},{Sy(p.Y):0.##}")));
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"{(s.Dashed ? " stroke-dasharray=\"5 3\"" : "")} points=\"{path}\"/>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Width - Right + 10}\" x2=\"{Width - Right + 30}\" y1=\"{legendY + 6}\" y2=\"{legendY + 6}\" stroke=\"{s.Color}\" stroke-width=\"2\"{(s.Dashed ? " stroke-dasharray=\"5 3\"" : "")}/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 34}\" y=\"{legendY + 10}\" font-size=\"11\">{Encode(s.Name)}</text>");
            legendY += 16;
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The x position of a percentile on a "nines" axis: 0 at 0%, 1 at 90%, 2 at 99%, 3 at 99.9%...</summary>
    public static double Nines(double percentile) => percentile >= 99.9999 ? 6 : -Math.Log10(1 - (percentile / 100));

    public static IReadOnlyList<(double Value, string Label)> NinesTicks { get; } =
        [(0, "0%"), (1, "90%"), (2, "99%"), (3, "99.9%"), (4, "99.99%"), (5, "99.999%"), (6, "max")];

    private static IEnumerable<(double, string)> YTicks(double min, double max, bool log)
    {
        if (log)
        {
            for (var v = min; v <= max * 1.0001; v *= 10)
            {
                yield return (v, v.ToString(v < 1 ? "0.###" : "#,0", CultureInfo.InvariantCulture));
            }

            yield break;
        }

        foreach (var tick in LinearTicks(min, max))
        {
            yield return tick;
        }
    }

    private static IEnumerable<(double, string)> LinearTicks(double min, double max)
    {
        var step = NiceCeiling((max - min) / 5);
        for (var v = Math.Ceiling(min / step) * step; v <= max + (step / 1000); v += step)
        {
            yield return (v, v.ToString(step < 1 ? "0.##" : "#,0", CultureInfo.InvariantCulture));
        }
    }

    private static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        var normalized = value / magnitude;
        return (normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10) * magnitude;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
