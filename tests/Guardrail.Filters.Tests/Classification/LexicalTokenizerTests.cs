using Guardrail.Filters.Classification;

namespace Guardrail.Filters.Tests.Classification;

public sealed class LexicalTokenizerTests
{
    [Fact]
    public void Punctuation_SeparatesWords()
    {
        Assert.Equal(["bio", "weapon", "s", "covid", "19", "step", "by", "step"], Words("bio-weapon's covid-19 (step-by-step)"));
    }

    [Fact]
    public void SentenceTerminators_StartNewSentences()
    {
        var sentences = Sentences("one two. three? four! five; six: seven\neight");

        Assert.Equal(8, sentences.Length);
        Assert.Equal(7, sentences.Distinct().Count());
        Assert.Equal(sentences[0], sentences[1]);
    }

    [Fact]
    public void AbbreviatedSpeciesAndDecimals_StayInOneSentence()
    {
        Assert.Single(Sentences("culture e. coli and b. anthracis").Distinct());
        Assert.Single(Sentences("a dose of 3.5 units").Distinct());
    }

    [Fact]
    public void RepeatedTerminators_OpenOnlyOneSentence()
    {
        var sentences = Sentences("really?!... yes");

        Assert.Equal(sentences[0] + 1, sentences[1]);
    }

    [Fact]
    public void EmptyOrSymbolText_HasNoTokens()
    {
        Assert.Empty(Words(string.Empty));
        Assert.Empty(Words(" ... !? -- "));
    }

    private static string[] Words(string text)
    {
        var buffer = new LexicalToken[LexicalTokenizer.MaxTokens(text.Length)];
        var count = LexicalTokenizer.Tokenize(text, buffer);
        return [.. buffer.Take(count).Select(t => text.Substring(t.Start, t.Length))];
    }

    private static int[] Sentences(string text)
    {
        var buffer = new LexicalToken[LexicalTokenizer.MaxTokens(text.Length)];
        var count = LexicalTokenizer.Tokenize(text, buffer);
        return [.. buffer.Take(count).Select(t => t.Sentence)];
    }
}
