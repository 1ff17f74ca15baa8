namespace Guardrail.Proxy.Tests;

public class PlaceholderTests
{
    [Fact]
    public void Build_Works() => Assert.True(true);
}
