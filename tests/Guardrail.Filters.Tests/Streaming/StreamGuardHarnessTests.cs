using Guardrail.Filters.Policy;
using Guardrail.Tests.Shared;

namespace Guardrail.Filters.Tests.Streaming;

/// <summary>The harness's policy edits take effect, or the test that asked for them fails loudly.</summary>
public sealed class StreamGuardHarnessTests
{
    [Fact]
    public void Optimistic_PolicyIsInOptimisticMode() =>
        Assert.Equal(StreamGuardMode.Optimistic, StreamGuardHarness.Optimistic().Streaming.Mode);

    [Fact]
    public void Policy_DeadlineRaisedForTests() =>
        Assert.Equal(TimeSpan.FromMilliseconds(5000), StreamGuardHarness.Policy().Streaming.Deadline);

    [Fact]
    public void Edit_TextWithoutTheOldValue_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => "mode: holdback".Edit("mode: hold-back", "mode: optimistic"));
        Assert.Contains("mode: hold-back", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Edit_ReplacesEveryOccurrence() =>
        Assert.Equal("b b", "a a".Edit("a", "b"));
}
