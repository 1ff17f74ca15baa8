namespace Guardrail.Filters.Normalization;

/// <summary>Expands the Latin ligatures NFKC leaves alone (ß, æ, œ), so "ßarin"-style spellings meet the plain word.</summary>
internal static class LatinLigatures
{
    public static string? Expand(char c) => c switch
    {
        '\u00DF' or '\u1E9E' => "ss",  // sharp s, capital sharp s
        '\u00E6' or '\u00C6' => "ae",
        '\u0153' or '\u0152' => "oe",
        _ => null,
    };
}
