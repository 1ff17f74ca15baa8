using System.Text;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Policy;

namespace Guardrail.Filters.Tests.Classification.Encoder;

public sealed class HeadFileTests
{
    private static CategoryHead SmallHead() => new(
        "builtin:minilm",
        ["cbrn.chemical", "cbrn.biological"],
        [
            new HeadLayer(3, 2, [0.5, -1.25, 2, 0, 0.000001, -3], [0.1, -0.2], HeadActivation.Relu),
            new HeadLayer(2, 2, [1, -1, 0.25, 0.75], [0, 0.5], HeadActivation.Sigmoid),
        ]);

    [Fact]
    public void WriteThenParse_SameHeadAndSameBytes()
    {
        var text = HeadFile.Write(SmallHead(), "{\"seed\": 1}");
        var errors = new List<PolicyError>();

        var parsed = HeadFile.Parse(Encoding.UTF8.GetBytes(text), "head.json", "f", errors);

        Assert.Empty(errors);
        Assert.NotNull(parsed);
        Assert.Equal(["cbrn.chemical", "cbrn.biological"], parsed.Categories);
        Assert.Equal(3, parsed.Dimension);
        Assert.Equal(text, HeadFile.Write(parsed, "{\"seed\": 1}"));
    }

    [Fact]
    public void Score_ComputesTheLayers()
    {
        var head = SmallHead();

        var scores = head.Score([1f, 2f, 3f]);

        // Hidden: relu(0.5 - 2.5 + 6 + 0.1) = 4.1 and relu(0 + 0.000002 - 9 - 0.2) = 0.
        var expected0 = 1 / (1 + Math.Exp(-(4.1 * 1 + 0 * -1 + 0)));
        var expected1 = 1 / (1 + Math.Exp(-((4.1 * 0.25) + (0 * 0.75) + 0.5)));
        Assert.Equal(expected0, scores[0], 9);
        Assert.Equal(expected1, scores[1], 9);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"format\":\"other\",\"categories\":[\"a\"],\"layers\":[{\"activation\":\"sigmoid\",\"bias\":[0],\"weights\":[[1]]}]}", "format")]
    [InlineData("{\"format\":\"guardrail-head/1\",\"categories\":[\"a\",\"b\"],\"layers\":[{\"activation\":\"sigmoid\",\"bias\":[0],\"weights\":[[1]]}]}", "1 outputs but there are 2 categories")]
    [InlineData("{\"format\":\"guardrail-head/1\",\"categories\":[\"a\"],\"layers\":[{\"activation\":\"sigmoid\",\"bias\":[0],\"weights\":[[1, \"x\"]]}]}", "layers[0].weights[0]")]
    [InlineData("{\"format\":\"guardrail-head/1\",\"categories\":[\"a\"],\"layers\":[{\"activation\":\"relu\",\"bias\":[0],\"weights\":[[1]]}]}", "must be \\\"sigmoid\\\"")]
    [InlineData("{\"format\":\"guardrail-head/1\",\"categories\":[\"a\"],\"layers\":[{\"activation\":\"relu\",\"bias\":[0,0],\"weights\":[[1],[1]]},{\"activation\":\"sigmoid\",\"bias\":[0],\"weights\":[[1,2,3]]}]}", "previous layer has 2 outputs")]
    [InlineData("{\"format\":\"guardrail-head/1\",\"categories\":[\"Bad Name\"],\"layers\":[{\"activation\":\"sigmoid\",\"bias\":[0],\"weights\":[[1]]}]}", "not a valid category name")]
    public void BadFile_ReportsWhatIsWrong(string json, string expected)
    {
        var errors = new List<PolicyError>();

        var head = HeadFile.Parse(Encoding.UTF8.GetBytes(json), "/p/head.json", "classifiers.encoder.head", errors);

        Assert.Null(head);
        var error = Assert.Single(errors);
        Assert.Equal("/p/head.json", error.File);
        Assert.Equal("classifiers.encoder.head", error.Field);
        Assert.Contains(expected.Replace("\\\"", "\"", StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.1234564, "0.123456")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0000004, "0")]
    [InlineData(12, "12")]
    public void Number_SixDecimalsInvariant(double value, string expected)
    {
        Assert.Equal(expected, HeadFile.Number(value));
    }
}
