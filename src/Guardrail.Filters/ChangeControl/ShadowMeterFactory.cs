using System.Diagnostics.Metrics;

namespace Guardrail.Filters.ChangeControl;

/// <summary>
/// Gives the shadow policy's screen a meter of its own (<c>Guardrail.Shadow</c>), whatever name it asks for: the
/// shadow's decisions must not be counted in the live <c>guardrail.decisions</c>, and are worth seeing apart.
/// </summary>
internal sealed class ShadowMeterFactory : IMeterFactory
{
    public const string MeterName = "Guardrail.Shadow";

    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new Meter(new MeterOptions(MeterName) { Version = options.Version, Tags = options.Tags, Scope = this });
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }

            _meters.Clear();
        }
    }
}
