namespace Guardrail.Filters.Normalization;

/// <summary>Hex digit arithmetic shared by the hex and percent decoders (callers check <see cref="char.IsAsciiHexDigit"/>).</summary>
internal static class HexDigits
{
    public static byte Byte(char high, char low) => (byte)((Value(high) << 4) | Value(low));

    private static int Value(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
