using Guardrail.Proxy.Hosting;

namespace Guardrail.Proxy.Tests.Hosting;

/// <summary>
/// The deployed binary is the proxy only: the synthetic corpus generator (which holds harmful phrasings), head
/// training and eval live in tools/Guardrail.Training and are neither compiled into nor referenced by the proxy.
/// </summary>
public sealed class ProxyAssemblyTests
{
    private static readonly System.Reflection.Assembly Proxy = typeof(ProxyApp).Assembly;

    [Fact]
    public void ProxyAssembly_HasNoTrainingNamespace()
    {
        var training = Proxy.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(n => n.Contains(".Training", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(training);
    }

    [Theory]
    [InlineData("CorpusGenerator")]
    [InlineData("CorpusHarmfulPhrasings")]
    [InlineData("HeadTrainer")]
    [InlineData("MlpTrainer")]
    [InlineData("TrainCommand")]
    [InlineData("CorpusCommand")]
    [InlineData("EvalCommand")]
    public void ProxyAssembly_HasNoTrainingType(string name)
    {
        Assert.DoesNotContain(Proxy.GetTypes(), t => t.Name == name);
    }

    [Fact]
    public void ProxyAssembly_DoesNotReferenceTheTrainingTool()
    {
        Assert.DoesNotContain(Proxy.GetReferencedAssemblies(), a => a.Name == "Guardrail.Training");
    }
}
