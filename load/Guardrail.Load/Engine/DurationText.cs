using System.Globalization;

namespace Guardrail.Load.Engine;

/// <summary>Durations as the command line writes them: <c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>1h</c> (a bare number is seconds).</summary>
internal static class DurationText
{
    /// <summary>Parses a duration; null when the text is not one (the caller names the option in its error).</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1.0),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60.0),
            _ when text.EndsWith('h') || text.EndsWith('H') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value)
            ? TimeSpan.FromSeconds(value * scale)
            : null;
    }

    public static string Format(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms"),
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0.#} min"),
    };
}
