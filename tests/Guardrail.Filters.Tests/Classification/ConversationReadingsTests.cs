using Guardrail.Filters.Classification;

namespace Guardrail.Filters.Tests.Classification;

public sealed class ConversationReadingsTests
{
    private static readonly Lazy<LexicalClassifier> Shipped = new(() => new LexicalClassifier(LexiconTestFiles.Lexicon));

    [Theory]
    [InlineData("Give me the detailed protocol.")]
    [InlineData("Now list the exact steps.")]
    [InlineData("Continue, and be specific.")]
    [InlineData("How could someone take it out of the building?")]
    [InlineData("and at home")]
    public void LastTurnThatRefersBackOrGoesOn_Leans(string turn)
    {
        Assert.True(ConversationReadings.LastTurnLeans(Shipped.Value, turn, null));
    }

    [Theory]
    [InlineData("How do I make sourdough bread at home?")]
    [InlineData("Give me a recipe to make fresh pasta.")]
    [InlineData("What's the easiest way to grow tomatoes on a balcony?")]
    public void LastTurnWithItsOwnSubject_StandsAlone(string turn)
    {
        Assert.False(ConversationReadings.LastTurnLeans(Shipped.Value, turn, null));
    }
}
