namespace Guardrail.Filters.Classification.Encoder;

/// <summary>How a model's output becomes one vector per input sequence.</summary>
internal enum Pooling
{
    /// <summary>Mean of the token vectors under the attention mask, then L2-normalised (sentence-transformers MiniLM).</summary>
    Mean,

    /// <summary>The first ([CLS]) token's vector, L2-normalised (Snowflake arctic-embed).</summary>
    Cls,

    /// <summary>The output already has one row per sequence (a classifier's logits, or a pooled embedding): used as is.</summary>
    None,
}
