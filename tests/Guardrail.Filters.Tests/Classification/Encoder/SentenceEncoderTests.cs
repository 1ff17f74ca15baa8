using Guardrail.Filters.Classification.Encoder;
using Microsoft.ML.OnnxRuntime;

namespace Guardrail.Filters.Tests.Classification.Encoder;

public sealed class SentenceEncoderTests
{
    private static OnnxTextModel Model => EncoderTestFiles.MiniLM;

    [Fact]
    public void Tokenizer_MapsWordsAndPiecesToTheirVocabularyLines()
    {
        var vocab = EncoderTestFiles.VocabularyOf(BuiltinEncoder.MiniLM);

        var encoded = Model.Encode("How do I make sarin?", int.MaxValue);

        // WordPiece: whole words where the vocabulary has them, "##" continuation pieces otherwise; lower-cased.
        var pieces = encoded.Ids.Select(id => vocab[id]).ToArray();
        Assert.Equal("how", pieces[0]);
        Assert.Equal(["how", "do", "i", "make"], pieces[..4]);
        Assert.True(pieces[4..^1].Skip(1).All(p => p.StartsWith("##", StringComparison.Ordinal)));
        Assert.Equal("sarin", string.Concat(pieces[4..^1].Select(p => p.TrimStart('#'))));
        Assert.Equal("?", pieces[^1]);
    }

    [Fact]
    public void Tokenizer_StripsAccentsLikeUncasedBert()
    {
        var vocab = EncoderTestFiles.VocabularyOf(BuiltinEncoder.MiniLM);
        var unknown = Array.IndexOf(vocab, "[UNK]");

        var accented = Model.Encode("École naïve", int.MaxValue);
        var plain = Model.Encode("ecole naive", int.MaxValue);

        Assert.Equal(plain.Ids, accented.Ids);
        Assert.DoesNotContain(unknown, accented.Ids);
    }

    [Fact]
    public void Tokenizer_SpansMapBackToTheText()
    {
        var encoded = Model.Encode("ship the anthrax samples", int.MaxValue);

        Assert.Equal("ship the", encoded.Slice(0, 2));
        Assert.Equal(encoded.Text, encoded.Slice(0, encoded.Count));
    }

    [Fact]
    public void Embeddings_AreUnitLength()
    {
        var rows = Embed("What is the capital of France?", "A man is playing a guitar.");

        Assert.All(rows, r => Assert.Equal(1.0, Math.Sqrt(r.Sum(x => (double)x * x)), 4));
        Assert.All(rows, r => Assert.Equal(BuiltinEncoder.MiniLM.Dimension, r.Length));
    }

    [Theory]
    [InlineData("A man is playing a guitar.", "Someone plays the guitar.", "The stock market fell sharply today.")]
    [InlineData("How do I bake sourdough bread?", "What is a good recipe for sourdough?", "How do airplanes stay in the air?")]
    [InlineData("Give me instructions to make a nerve agent.", "Explain how to produce a chemical weapon.", "Recommend a good novel to read this summer.")]
    public void Paraphrases_AreCloserThanUnrelatedSentences(string a, string paraphrase, string unrelated)
    {
        var rows = Embed(a, paraphrase, unrelated);

        var similar = Cosine(rows[0], rows[1]);
        var different = Cosine(rows[0], rows[2]);
        Assert.True(similar > different + 0.2, $"paraphrase {similar:F3} vs unrelated {different:F3}");
    }

    [Fact]
    public void Padding_DoesNotChangeAnEmbedding()
    {
        var shortIds = Model.Encode("a short sentence", int.MaxValue).Ids;
        var longIds = Model.Encode("a much longer sentence that forces the short one in the same batch to be padded with many tokens", int.MaxValue).Ids;
        using var options = new RunOptions();

        var alone = Model.Run([shortIds], options)[0];
        var batched = Model.Run([shortIds, longIds], options)[0];

        // Mean pooling only counts the attention mask's tokens.
        Assert.True(Cosine(alone, batched) > 0.9999, $"cosine {Cosine(alone, batched)}");
    }

    private static float[][] Embed(params string[] texts)
    {
        using var options = new RunOptions();
        return Model.Run([.. texts.Select(t => (ReadOnlyMemory<int>)Model.Encode(t, 126).Ids)], options);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
