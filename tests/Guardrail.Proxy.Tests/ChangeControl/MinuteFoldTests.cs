using Guardrail.Proxy.ChangeControl;

namespace Guardrail.Proxy.Tests.ChangeControl;

public sealed class MinuteFoldTests
{
    [Fact]
    public void EventsWithinAMinute_AreFoldedIntoTheNextRecord()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var fold = new MinuteFold(time);

        Assert.True(fold.TryPass(out var first));
        Assert.Equal(0, first);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(fold.TryPass(out _));
        time.Advance(TimeSpan.FromSeconds(49));
        Assert.False(fold.TryPass(out _));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(fold.TryPass(out var next));
        Assert.Equal(2, next);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(fold.TryPass(out var quiet));
        Assert.Equal(0, quiet);
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
