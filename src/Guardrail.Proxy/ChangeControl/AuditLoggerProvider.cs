using System.Globalization;
using Guardrail.Filters.Audit;

namespace Guardrail.Proxy.ChangeControl;

/// <summary>
/// Writes one audit record per screening decision by listening for the decision log event (id 1000) the pipeline
/// already emits, so the hot path needs no second call. Only the event's ids, names and numbers are copied
/// (request id, direction, category, action, score, stage, route); the event never carries prompt text.
/// </summary>
internal sealed class AuditLoggerProvider(AuditLog audit) : ILoggerProvider
{
    private const int DecisionEventId = 1000;

    private static readonly string[] Copied = ["RequestId", "Direction", "Category", "Action", "Score", "Stage", "RouteId", "Api"];

    public ILogger CreateLogger(string categoryName) => new DecisionLogger(audit);

    public void Dispose()
    {
    }

    private sealed class DecisionLogger(AuditLog audit) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id != DecisionEventId || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            var fields = new List<KeyValuePair<string, object?>>(Copied.Length);
            foreach (var name in Copied)
            {
                var value = values.FirstOrDefault(v => v.Key == name).Value;
                fields.Add(new(ToSnake(name), value switch
                {
                    double or float or int or long or null => value,
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture),
                }));
            }

            audit.Append("decision", fields);
        }

        private static string ToSnake(string name) => name switch
        {
            "RequestId" => "request_id",
            "RouteId" => "route",
            _ => name.ToLowerInvariant(),
        };
    }
}
