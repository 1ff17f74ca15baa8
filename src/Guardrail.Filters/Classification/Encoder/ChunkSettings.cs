namespace Guardrail.Filters.Classification.Encoder;

/// <summary>How a model tier cuts texts: window and overlap in tokens (special tokens included) and a cap on runs.</summary>
/// <param name="MaxTokens">Tokens per window including [CLS] and [SEP].</param>
/// <param name="OverlapTokens">Tokens shared by consecutive windows.</param>
/// <param name="MaxChunks">Most windows of one text that are run; the ones with the strongest lexical signal are kept.</param>
internal sealed record ChunkSettings(int MaxTokens, int OverlapTokens, int MaxChunks)
{
    public static ChunkSettings Default { get; } = new(256, 32, 16);

    /// <summary>Content tokens per window (without [CLS] and [SEP]).</summary>
    public int ContentTokens => MaxTokens - 2;
}
