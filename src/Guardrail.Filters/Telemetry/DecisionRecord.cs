namespace Guardrail.Filters.Telemetry;

/// <summary>One decision as the admin console lists it: ids, outcome, scores and stage — never text.</summary>
/// <param name="At">When it was decided.</param>
/// <param name="RequestId">The request's <c>x-guardrail-request-id</c>.</param>
/// <param name="RouteId">The YARP route.</param>
/// <param name="Api">The adapter name.</param>
/// <param name="Direction"><c>input</c>, <c>output</c> or <c>stream</c>.</param>
/// <param name="Action"><c>allow</c>, <c>flag</c>, <c>block</c>, <c>undecided</c> or <c>halt</c>.</param>
/// <param name="Category">The deciding category, or <c>none</c>.</param>
/// <param name="Score">The deciding (or highest) score.</param>
/// <param name="Stage">The deciding stage.</param>
/// <param name="ElapsedMs">Time the screen took.</param>
internal readonly record struct DecisionRecord(
    DateTimeOffset At, string RequestId, string RouteId, string Api, string Direction, string Action, string Category, double Score, string Stage, double ElapsedMs);
