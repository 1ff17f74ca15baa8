namespace Guardrail.Filters.Telemetry;

/// <summary>Orders category scores by category name (ordinal), the stable order of decision log lines.</summary>
internal sealed class PairOrder : IComparer<KeyValuePair<string, double>>
{
    public static PairOrder Instance { get; } = new();

    public int Compare(KeyValuePair<string, double> x, KeyValuePair<string, double> y) => string.CompareOrdinal(x.Key, y.Key);
}
