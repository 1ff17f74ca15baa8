using System.Diagnostics;
using System.Text;
using Guardrail.Filters.Normalization;

namespace Guardrail.Filters.Tests.Normalization;

public class TextNormalizerTests
{
    // ---- plain text -------------------------------------------------------------------------------------------------

    [Fact]
    public void BenignText_OnlyCaseAndWhitespaceChange()
    {
        var result = TextNormalizer.Normalize("  Hello,   World!\r\n\tHow are you today?  Fine. ");

        Assert.Equal("hello, world! how are you today? fine.", result.Canonical);
    }

    [Fact]
    public void EmptyText_HasEmptyCanonicalAndNoVariants()
    {
        var result = TextNormalizer.Normalize(string.Empty);

        Assert.Equal(string.Empty, result.Canonical);
        Assert.Empty(result.Variants);
    }

    [Fact]
    public void TextWithoutLetters_HasNoVariants()
    {
        var result = TextNormalizer.Normalize("1995 - 2024, +42");

        Assert.Equal("1995 - 2024, +42", result.Canonical);
        Assert.Empty(result.Variants);
    }

    [Fact]
    public void NullText_Throws() => Assert.Throws<ArgumentNullException>(() => TextNormalizer.Normalize(null!));

    [Fact]
    public void LoneSurrogate_DoesNotThrow()
    {
        var result = TextNormalizer.Normalize("s\uD800arin");

        Assert.StartsWith("s", result.Canonical, StringComparison.Ordinal);
        Assert.EndsWith("arin", result.Canonical, StringComparison.Ordinal);
    }

    // ---- Unicode compatibility and diacritics -----------------------------------------------------------------------

    [Fact]
    public void FullwidthLetters_FoldToAscii()
    {
        Assert.Equal("sarin", TextNormalizer.Normalize("\uFF53\uFF41\uFF52\uFF49\uFF4E").Canonical);
        Assert.Equal("sarin", TextNormalizer.Normalize("\uFF33\uFF21\uFF32\uFF29\uFF2E").Canonical);
    }

    [Theory]
    [InlineData(0x1D41A)] // mathematical bold small a
    [InlineData(0x1D4B6)] // mathematical script small a
    [InlineData(0x1D5BA)] // mathematical sans-serif small a
    [InlineData(0x1D68A)] // mathematical monospace small a
    public void MathematicalAlphanumerics_FoldToAscii(int smallA)
    {
        var text = string.Concat("sarin".Select(c => char.ConvertFromUtf32(smallA + (c - 'a'))));

        Assert.Equal("sarin", TextNormalizer.Normalize(text).Canonical);
    }

    [Theory]
    [InlineData("s\u00E0r\u00EDn")]              // precomposed à í
    [InlineData("sa\u0300ri\u0301n")]            // combining grave and acute
    [InlineData("S\u00C0R\u00CDN")]              // upper case precomposed
    [InlineData("s\u0336a\u0335r\u0334i\u0337n\u0338")] // Zalgo-style overlays
    public void Diacritics_AreStripped(string text) => Assert.Equal("sarin", TextNormalizer.Normalize(text).Canonical);

    [Fact]
    public void Ligatures_Expand() => Assert.Equal("strasse aether", TextNormalizer.Normalize("Stra\u00DFe \u00C6ther").Canonical);

    [Fact]
    public void IndicVowelSigns_AreKept()
    {
        // Devanagari "kitab": the vowel sign is a combining mark that changes the word, so it must survive.
        const string word = "\u0915\u093F\u0924\u093E\u092C";

        Assert.Equal(word, TextNormalizer.Normalize(word).Canonical);
    }

    // ---- invisible characters ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0x200B)] // zero width space
    [InlineData(0x200C)] // zero width non-joiner
    [InlineData(0x200D)] // zero width joiner
    [InlineData(0x2060)] // word joiner
    [InlineData(0x2061)] // invisible operators
    [InlineData(0x2062)]
    [InlineData(0x2063)]
    [InlineData(0x2064)]
    [InlineData(0xFEFF)] // zero width no-break space
    [InlineData(0x00AD)] // soft hyphen
    [InlineData(0x180E)] // Mongolian vowel separator
    [InlineData(0x034F)] // combining grapheme joiner
    public void ZeroWidthCharacters_AreRemoved(int codePoint) => AssertInterleavedFoldsToSarin(codePoint);

    [Theory]
    [InlineData(0x200E)] // left-to-right mark
    [InlineData(0x200F)] // right-to-left mark
    [InlineData(0x202A)] // embeddings and overrides
    [InlineData(0x202B)]
    [InlineData(0x202C)]
    [InlineData(0x202D)]
    [InlineData(0x202E)]
    [InlineData(0x2066)] // isolates
    [InlineData(0x2067)]
    [InlineData(0x2068)]
    [InlineData(0x2069)]
    public void BidiControls_AreRemoved(int codePoint) => AssertInterleavedFoldsToSarin(codePoint);

    [Theory]
    [InlineData(0xFE00)]
    [InlineData(0xFE0F)]
    [InlineData(0xE0100)] // variation selectors supplement
    [InlineData(0xE01EF)]
    public void VariationSelectors_AreRemoved(int codePoint) => AssertInterleavedFoldsToSarin(codePoint);

    [Fact]
    public void TagCharacters_AreDecodedInlineAndAsHiddenVariant()
    {
        var hidden = string.Concat("sarin".Select(c => char.ConvertFromUtf32(0xE0000 + c)));

        var result = TextNormalizer.Normalize("Hello world" + hidden);

        Assert.Equal("hello worldsarin", result.Canonical);
        Assert.Contains("sarin", result.Variants);
    }

    [Fact]
    public void TagCharacters_UpperCaseAndSpaces_AreDecoded()
    {
        var hidden = string.Concat("Nerve Agent".Select(c => char.ConvertFromUtf32(0xE0000 + c)));

        var result = TextNormalizer.Normalize("hi " + hidden);

        Assert.Equal("hi nerve agent", result.Canonical);
        Assert.Contains("nerve agent", result.Variants);
    }

    // ---- homoglyphs -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("\u0455\u0430r\u0456n")]                  // ѕ а і mixed with Latin r n
    [InlineData("\u0405\u0410R\u0406N")]                  // upper case Ѕ А І
    [InlineData("\u0455\u0430\u0433\u0456n")]             // г is no lookalike, but the word holds Latin n
    public void CyrillicHomoglyphs_FoldToLatin(string text)
    {
        var canonical = TextNormalizer.Normalize(text).Canonical;

        Assert.StartsWith("sa", canonical, StringComparison.Ordinal);
        Assert.EndsWith("in", canonical, StringComparison.Ordinal);
        Assert.DoesNotContain(canonical, c => c is >= '\u0400' and <= '\u04FF' && c != '\u0433');
    }

    [Fact]
    public void CyrillicHomoglyphs_AllLookalikeWord_FoldsToLatin()
    {
        // "сосоа": every letter is a Cyrillic twin of a Latin one, so the word reads as Latin "cocoa".
        Assert.Equal("cocoa", TextNormalizer.Normalize("\u0441\u043E\u0441\u043E\u0430").Canonical);
    }

    [Fact]
    public void CyrillicWord_WithLettersWithoutLatinTwin_StaysCyrillic()
    {
        // "зарин" (sarin in Russian): з and и have no Latin twin, so this is real Russian and is only lower-cased.
        Assert.Equal("\u0437\u0430\u0440\u0438\u043D", TextNormalizer.Normalize("\u0417\u0430\u0440\u0438\u043D").Canonical);
    }

    [Theory]
    [InlineData("t\u03BFx\u03B9n", "toxin")]              // ο ι
    [InlineData("n\u03B5rv\u03B5", "nerve")]              // ε
    [InlineData("\u03C1\u03BFl\u03BF", "polo")]             // ρ ο: rho is a p lookalike
    [InlineData("\u039D\u0395RVE", "nerve")]              // upper case Ν Ε
    [InlineData("\u03BA\u03B9\u03C4", "kit")]             // κ ι τ: an all-lookalike Greek word
    [InlineData("\u03BDi\u03B1l", "vial")]                // ν α
    public void GreekHomoglyphs_FoldToLatin(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(text).Canonical);

    [Theory]
    [InlineData("\uA731\u1D00\u0280\u026A\u0274")]        // small capitals ꜱᴀʀɪɴ
    [InlineData("\U0001F162\U0001F150\U0001F161\U0001F158\U0001F15D")] // negative circled S A R I N
    [InlineData("\U0001F182\U0001F170\U0001F181\U0001F178\U0001F17D")] // negative squared
    [InlineData("\u24C8\u24B6\u24C7\u24BE\u24C3")]        // circled (NFKC)
    public void LetterLikeSymbols_FoldToLatin(string text) => Assert.Equal("sarin", TextNormalizer.Normalize(text).Canonical);

    // ---- leetspeak --------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("s4r1n", "sarin")]
    [InlineData("c0vid", "covid")]
    [InlineData("$@r!n", "sarin")]
    [InlineData("h3ll0 w0rld", "hello world")]
    [InlineData("7ox1n", "toxin")]
    [InlineData("8o9u5", "bogus")]
    [InlineData("\u00A2\u20ACll", "cell")]               // ¢ € symbol lookalikes
    public void Leetspeak_FoldsInsideWords(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(text).Canonical);

    [Theory]
    [InlineData("in 1995")]
    [InlineData("covid-19")]
    [InlineData("costs $100!")]
    [InlineData("take 10mg on the 4th")]
    [InlineData("covid19 and win10")]
    [InlineData("wow!! really?")]
    public void NumbersAndPunctuation_AreNotLeetFolded(string text) =>
        Assert.Equal(text, TextNormalizer.Normalize(text).Canonical);

    [Fact]
    public void AmbiguousOne_AddsAlternateReading()
    {
        var result = TextNormalizer.Normalize("he11o");

        Assert.Equal("heiio", result.Canonical);
        Assert.Contains("hello", result.Variants);
    }

    [Fact]
    public void LeetFolding_KeepsLiteralReadingAsVariant()
    {
        var result = TextNormalizer.Normalize("H5N1 outbreak");

        Assert.Equal("hsni outbreak", result.Canonical);
        Assert.Contains("h5n1 outbreak", result.Variants);
    }

    // ---- spaced-out letters -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(" ")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("_")]
    [InlineData("*")]
    [InlineData("/")]
    [InlineData("|")]
    [InlineData("\u00B7")]
    [InlineData("\u2022")]
    [InlineData(". ")]
    [InlineData(" - ")]
    [InlineData("\n")]
    public void SpacedLetters_AreRejoined(string separator)
    {
        var spaced = string.Join(separator, "sarin".ToCharArray());

        Assert.Equal("tell me about sarin please", TextNormalizer.Normalize($"tell me about {spaced} please").Canonical);
    }

    [Fact]
    public void SpacedLetters_DoubleSpaceSeparatesWords() =>
        Assert.Equal("nerve agent", TextNormalizer.Normalize("n e r v e  a g e n t").Canonical);

    [Fact]
    public void SpacedLetters_WithLeetDigits_AreRejoinedAndFolded() =>
        Assert.Equal("sarin", TextNormalizer.Normalize("S 4 R 1 N").Canonical);

    [Theory]
    [InlineData("plan a b")]          // two letters are not a run
    [InlineData("1 2 3 4")]           // numbers stay numbers
    [InlineData("a-b.c")]             // mixed separators do not form one run
    public void ShortOrMixedRuns_AreNotRejoined(string text) => Assert.Equal(text, TextNormalizer.Normalize(text).Canonical);

    // ---- encoded segments -------------------------------------------------------------------------------------------

    [Fact]
    public void Base64Segment_IsDecoded()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("Sarin is a Nerve Agent"));

        var result = TextNormalizer.Normalize($"Please decode {encoded} for me.");

        Assert.Contains("sarin is a nerve agent", result.Variants);
    }

    [Fact]
    public void UrlSafeBase64Segment_IsDecoded()
    {
        const string plain = "hello world >>> ??? sarin";
        var standard = Convert.ToBase64String(Encoding.UTF8.GetBytes(plain));
        var urlSafe = standard.TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.True(urlSafe.Contains('-', StringComparison.Ordinal) || urlSafe.Contains('_', StringComparison.Ordinal));

        var result = TextNormalizer.Normalize($"token={urlSafe}");

        Assert.Contains("hello world >>> ??? sarin", result.Variants);
    }

    [Fact]
    public void Base64Segment_BrokenByZeroWidthSpaces_IsStillDecoded()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("sarin is a nerve agent"));
        var broken = string.Join("\u200B", encoded.Chunk(5).Select(chunk => new string(chunk)));

        Assert.Contains("sarin is a nerve agent", TextNormalizer.Normalize(broken).Variants);
    }

    [Fact]
    public void Base64Segment_CaseIsTakenFromOriginal()
    {
        // Decoding the lower-cased text would yield garbage: the decoded variant proves the original case was used.
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello world"));
        Assert.NotEqual(encoded, encoded.ToLowerInvariant());

        Assert.Contains("hello world", TextNormalizer.Normalize(encoded).Variants);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("spaced")]
    [InlineData("backslash")]
    [InlineData("zerox")]
    public void HexSegment_IsDecoded(string form)
    {
        var bytes = Encoding.UTF8.GetBytes("sarin is a nerve agent");
        var pairs = bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var encoded = form switch
        {
            "plain" => string.Concat(pairs),
            "spaced" => string.Join(' ', pairs),
            "backslash" => string.Concat(pairs.Select(p => "\\x" + p)),
            _ => string.Join(' ', pairs.Select(p => "0x" + p)),
        };

        var result = TextNormalizer.Normalize($"decode this: {encoded}");

        Assert.Contains("sarin is a nerve agent", result.Variants);
    }

    [Theory]
    [InlineData("s%61rin")]
    [InlineData("%73%61%72%69%6E")]
    [InlineData("%73%61%72%69%6e")]
    public void PercentEncoding_IsDecoded(string encoded)
    {
        var result = TextNormalizer.Normalize($"what is {encoded}");

        Assert.Contains("sarin", result.Variants);
    }

    [Fact]
    public void PercentEncodedQuery_IsDecodedWithSpaces() =>
        Assert.Contains("q=what is a nerve agent", TextNormalizer.Normalize("q=what%20is+a%20nerve%20agent").Variants);

    [Fact]
    public void Rot13Reading_IsAVariant()
    {
        var result = TextNormalizer.Normalize("Uryyb jbeyq, fneva");

        Assert.Equal("uryyb jbeyq, fneva", result.Canonical);
        Assert.Contains("hello world, sarin", result.Variants);
    }

    [Fact]
    public void ReversedReading_IsAVariant() =>
        Assert.Contains("hello sarin", TextNormalizer.Normalize("NIRAS OLLEH").Variants);

    [Fact]
    public void Base64InsideHex_IsDecodedTwoLevelsDeep()
    {
        var inner = Convert.ToBase64String(Encoding.UTF8.GetBytes("sarin is a nerve agent"));
        var outer = Convert.ToHexString(Encoding.UTF8.GetBytes($"note: {inner}"));

        var result = TextNormalizer.Normalize(outer);

        Assert.Contains(result.Variants, v => v.StartsWith("note:", StringComparison.Ordinal));
        Assert.Contains("sarin is a nerve agent", result.Variants);
    }

    [Fact]
    public void NestedEncoding_StopsAtTwoLevels()
    {
        var level2 = Convert.ToBase64String(Encoding.UTF8.GetBytes("sarin is a nerve agent"));
        var level1 = Convert.ToBase64String(Encoding.UTF8.GetBytes($"again {level2}"));
        var level0 = Convert.ToBase64String(Encoding.UTF8.GetBytes($"once more {level1}"));

        var result = TextNormalizer.Normalize(level0);

        Assert.Contains(result.Variants, v => v.StartsWith("once more", StringComparison.Ordinal));
        Assert.Contains(result.Variants, v => v.StartsWith("again", StringComparison.Ordinal));
        Assert.DoesNotContain("sarin is a nerve agent", result.Variants);
    }

    // ---- bounds -----------------------------------------------------------------------------------------------------

    [Fact]
    public void HugeInput_StaysWithinBounds()
    {
        // About 1 MB of base64-in-base64 segments and homoglyph text: everything that could fan out at once.
        var inner = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello world sarin"));
        var segment = Convert.ToBase64String(Encoding.UTF8.GetBytes($"wrapped {inner}"));
        var builder = new StringBuilder();
        while (builder.Length < 1024 * 1024)
        {
            builder.Append(segment).Append(" \u0455\u0430r\u0456n h3ll0 s a r i n ");
        }

        var text = builder.ToString();
        var stopwatch = Stopwatch.StartNew();
        var result = TextNormalizer.Normalize(text);
        stopwatch.Stop();

        Assert.True(result.Variants.Count <= NormalizerLimits.MaxVariants);
        Assert.True(result.Variants.Sum(v => (long)v.Length) <= NormalizerLimits.MaxTotalVariantChars);
        Assert.True(result.Canonical.Length <= text.Length);
        Assert.Contains(result.Variants, v => v.Contains("wrapped", StringComparison.Ordinal));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void ManyDistinctSegments_AreJoinedNotMultiplied()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            builder.Append(Convert.ToBase64String(Encoding.UTF8.GetBytes($"message number {i}"))).Append(' ');
        }

        var result = TextNormalizer.Normalize(builder.ToString());

        Assert.True(result.Variants.Count <= NormalizerLimits.MaxVariants);
        var decoded = Assert.Single(result.Variants, v => v.StartsWith("message number 0 ", StringComparison.Ordinal));
        Assert.Contains("message number 199", decoded, StringComparison.Ordinal);
    }

    private static void AssertInterleavedFoldsToSarin(int codePoint)
    {
        var invisible = char.ConvertFromUtf32(codePoint);

        var result = TextNormalizer.Normalize(string.Join(invisible, "sarin".ToCharArray()));

        Assert.Equal("sarin", result.Canonical);
    }
}
