namespace Guardrail.Load.Engine;

/// <summary>
/// What one step of one iteration came to: success as the scenario defines it (an expected refusal is a success),
/// the HTTP status (0 when no answer came), bytes read, and on failure a short reason that groups alike failures.
/// </summary>
internal readonly record struct StepOutcome(bool Ok, int StatusCode, long Bytes = 0, string? Failure = null)
{
    public static StepOutcome Success(int statusCode, long bytes = 0) => new(true, statusCode, bytes);

    public static StepOutcome Failed(int statusCode, string failure, long bytes = 0) => new(false, statusCode, bytes, failure);
}
