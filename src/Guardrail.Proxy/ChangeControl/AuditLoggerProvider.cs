using System.Globalization;
using Guardrail.Filters.Audit;

namespace Guardrail.Proxy.ChangeControl;

/// <summary>
/// Writes one audit record per screening decision by listening for the decision log event (id 1000) the pipeline
/// already emits, so the hot path needs no second call. Only the event's ids, names and numbers are copied
/// (request id, direction, category, action, score, stage, route); the event never carries prompt text.
/// Access events come the same way: strike lockouts (2102, <c>access.lockout</c>, every one) and refused client keys
/// (2010, <c>access.unauthorized</c>, at most one record a minute with the count of the others). The client is
/// recorded as <c>client</c>, 16 bytes (hex) of the SHA-256 of its partition (<c>t:TENANT</c> or the address
/// partition), never a key.
/// </summary>
internal sealed class AuditLoggerProvider(AuditLog audit) : ILoggerProvider
{
    private const int DecisionEventId = 1000;
    private const int UnauthorizedEventId = 2010;
    private const int LockoutEventId = 2102;

    private readonly AccessEvents _access = new(audit);

    private static readonly string[] Copied = ["RequestId", "Direction", "Category", "Action", "Score", "Stage", "RouteId", "Api"];

    public ILogger CreateLogger(string categoryName) => new DecisionLogger(audit, _access);

    public void Dispose()
    {
    }

    /// <summary>16 bytes (hex) of the SHA-256 of a client partition; <c>printf '%s' t:acme | sha256sum | cut -c1-32</c> finds a tenant's.</summary>
    public static string ClientHash(string partition) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(partition)))[..32];

    /// <summary>Access events: every lockout; unauthorized requests folded to one record a minute.</summary>
    private sealed class AccessEvents(AuditLog audit)
    {
        private readonly MinuteFold _unauthorized = new();

        public void Lockout(IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            var partition = Convert.ToString(Value(values, "Partition"), CultureInfo.InvariantCulture) ?? "";
            audit.Append("access.lockout",
            [
                new("client", ClientHash(partition)),
                new("client_kind", partition.StartsWith("t:", StringComparison.Ordinal) ? "tenant" : "address"),
                new("lockout_seconds", Value(values, "LockoutSeconds")),
                new("strikes", Value(values, "Strikes")),
                new("status", Value(values, "StatusCode")),
            ]);
        }

        public void Unauthorized(IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            if (!_unauthorized.TryPass(out var suppressed))
            {
                return;
            }

            audit.Append("access.unauthorized",
            [
                new("request_id", Convert.ToString(Value(values, "RequestId"), CultureInfo.InvariantCulture)),
                new("route", Convert.ToString(Value(values, "RouteId"), CultureInfo.InvariantCulture)),
                new("reason", Convert.ToString(Value(values, "Reason"), CultureInfo.InvariantCulture)),
                new("suppressed_before", suppressed),
            ]);
        }

        private static object? Value(IReadOnlyList<KeyValuePair<string, object?>> values, string name) =>
            values.FirstOrDefault(v => v.Key == name).Value switch
            {
                int i => (long)i,
                var other => other,
            };
    }

    private sealed class DecisionLogger(AuditLog audit, AccessEvents access) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        // Debug: a pass decision is a Debug event (DecisionLog.LevelOf); the host's filter offers this provider only
        // Guardrail's categories, so other Debug messages are not built for it.
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            switch (eventId.Id)
            {
                case LockoutEventId:
                    access.Lockout(values);
                    return;
                case UnauthorizedEventId:
                    access.Unauthorized(values);
                    return;
                case not DecisionEventId:
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
