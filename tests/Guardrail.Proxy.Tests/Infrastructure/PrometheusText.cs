using System.Globalization;

namespace Guardrail.Proxy.Tests.Infrastructure;

/// <summary>Reads samples out of a Prometheus text exposition (enough for assertions: name, labels, value).</summary>
internal static class PrometheusText
{
    /// <summary>The sum of every sample of <paramref name="name"/> whose labels include each of <paramref name="labels"/> (<c>key="value"</c>).</summary>
    public static double Sum(string exposition, string name, params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        var sum = 0d;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line.AsSpan(name.Length);
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' '))
            {
                continue; // another metric whose name starts with this one
            }

            var labelText = rest[0] == '{' ? rest[..(rest.IndexOf('}') + 1)].ToString() : "";
            if (!labels.All(l => labelText.Contains(l, StringComparison.Ordinal)))
            {
                continue;
            }

            var valueText = rest[(labelText.Length)..].Trim().ToString().Split(' ')[0];
            sum += double.Parse(valueText, CultureInfo.InvariantCulture);
        }

        return sum;
    }

    /// <summary>Whether the exposition has any sample of <paramref name="name"/>.</summary>
    public static bool Has(string exposition, string name) =>
        exposition.Split('\n').Any(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal));
}
