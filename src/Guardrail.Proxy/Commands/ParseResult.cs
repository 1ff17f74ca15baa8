namespace Guardrail.Proxy.Commands;

/// <summary>
/// What a command's argument parser made of its arguments: the options, or one line saying what is wrong. A bad
/// command line is an expected failure, so it is a value rather than an exception.
/// </summary>
internal readonly record struct ParseResult<T>(T? Options, string? Error)
    where T : class
{
    public static ParseResult<T> Ok(T options) => new(options, null);

    public static ParseResult<T> Fail(string error) => new(null, error);
}
