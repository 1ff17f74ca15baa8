using Microsoft.Extensions.Options;

namespace Guardrail.Filters;

/// <summary>
/// Checks <see cref="GuardrailOptions"/> when the host starts (<c>ValidateOnStart</c>), so a bad value stops the host
/// with the option's name instead of surfacing as an exception from deep inside the first request's services.
/// </summary>
/// <remarks>
/// Only values no configuration could serve with are refused; everything that works today keeps working. A host adds
/// its own rules by registering another <see cref="IValidateOptions{TOptions}"/> of <see cref="GuardrailOptions"/>.
/// </remarks>
internal sealed class GuardrailOptionsValidator : IValidateOptions<GuardrailOptions>
{
    public ValidateOptionsResult Validate(string? name, GuardrailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;
        if (string.IsNullOrWhiteSpace(options.PolicyPath))
        {
            (failures ??= []).Add($"{nameof(GuardrailOptions.PolicyPath)} must name a policy file or directory.");
        }

        // The verdict cache refuses a capacity below 1; say so at start, by the option's name.
        if (options.VerdictCacheEntries < 1)
        {
            (failures ??= []).Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{nameof(GuardrailOptions.VerdictCacheEntries)} must be at least 1 (is {options.VerdictCacheEntries})."));
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
