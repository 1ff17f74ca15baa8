using System.Buffers;

namespace Guardrail.Filters.Classification;

/// <summary>
/// The words of one normalised text and their marker bits (<see cref="LexiconMarkers"/>), in pooled buffers: what the
/// questions asked of a conversation's turns read (does it refer back, does it only go on). Dispose returns the buffers.
/// </summary>
internal ref struct LexicalMarkedWords
{
    private LexicalToken[]? _tokenArray;
    private ulong[]? _markArray;

    private LexicalMarkedWords(LexicalToken[] tokenArray, ulong[] markArray, int count)
    {
        _tokenArray = tokenArray;
        _markArray = markArray;
        Tokens = new ReadOnlySpan<LexicalToken>(tokenArray, 0, count);
        Marks = new ReadOnlySpan<ulong>(markArray, 0, count);
    }

    /// <summary>The words.</summary>
    public ReadOnlySpan<LexicalToken> Tokens { get; }

    /// <summary>The marker bits of each word.</summary>
    public ReadOnlySpan<ulong> Marks { get; }

    /// <summary>Tokenises <paramref name="normalizedText"/> and marks every word with the markers of <paramref name="lexicon"/>.</summary>
    public static LexicalMarkedWords Of(Lexicon lexicon, string normalizedText)
    {
        var capacity = LexicalTokenizer.MaxTokens(normalizedText.Length);
        var tokenArray = ArrayPool<LexicalToken>.Shared.Rent(capacity);
        var markArray = ArrayPool<ulong>.Shared.Rent(capacity);
        var span = normalizedText.AsSpan();
        var count = LexicalTokenizer.Tokenize(span, tokenArray);
        var tokens = new ReadOnlySpan<LexicalToken>(tokenArray, 0, count);
        var marks = markArray.AsSpan(0, count);
        marks.Clear();
        for (var i = 0; i < count; i++)
        {
            lexicon.Markers.MarkAt(span, tokens, i, marks);
        }

        return new LexicalMarkedWords(tokenArray, markArray, count);
    }

    /// <summary>Returns the buffers to the pool.</summary>
    public void Dispose()
    {
        if (_tokenArray is not null)
        {
            ArrayPool<LexicalToken>.Shared.Return(_tokenArray);
            _tokenArray = null;
        }

        if (_markArray is not null)
        {
            ArrayPool<ulong>.Shared.Return(_markArray);
            _markArray = null;
        }
    }
}
