using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

public sealed class StructuralSweepTests
{
    private static string[] OtherTexts(StreamEvent result) => result.Others().Select(d => d.Text.ToString()).ToArray();

    [Fact]
    public void KnownTextField_NotReportedTwice()
    {
        var assembler = TestAssemblers.Create(TestAssemblers.OpenAIChat)!;

        var result = SseParse.ProcessOne(assembler, """data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Paris"}}]}""" + "\n\n");

        Assert.Equal("Paris", Assert.Single(result.Generated().ToArray()).Text.ToString());
        Assert.DoesNotContain("Paris", OtherTexts(result));
        Assert.Contains("c1", OtherTexts(result));
    }

    [Fact]
    public void UnknownFieldsAndPropertyNames_Reported()
    {
        var assembler = TestAssemblers.Create(TestAssemblers.OpenAIChat)!;

        var result = SseParse.ProcessOne(assembler, """data: {"choices":[{"index":0,"delta":{},"text":"hidden words"}],"note":{"a title":"more words"}}""" + "\n\n");

        var others = OtherTexts(result);
        Assert.Contains("hidden words", others);
        Assert.Contains("more words", others);
        Assert.Contains("a title", others);
    }

    [Fact]
    public void PropertyNames_ReportedOncePerStream()
    {
        var assembler = TestAssemblers.Create(TestAssemblers.OpenAIChat)!;
        const string Chunk = """data: {"choices":[{"index":0,"delta":{"content":"a"}}],"custom_name":1}""" + "\n\n";

        var first = SseParse.ProcessOne(assembler, Chunk);
        var second = SseParse.ProcessOne(assembler, Chunk);

        Assert.Contains("custom_name", OtherTexts(first));
        Assert.DoesNotContain("custom_name", OtherTexts(second));
    }

    [Fact]
    public void OpaqueBase64Blob_Skipped_TextInTheSameFieldRead()
    {
        var assembler = TestAssemblers.Create(TestAssemblers.OpenAIChat)!;
        var blob = new string('A', 40);

        // An event's deltas are valid until the next call: read each at once.
        var audio = OtherTexts(SseParse.ProcessOne(assembler, "data: {\"choices\":[{\"index\":0,\"delta\":{\"audio\":{\"data\":\"" + blob + "\"}}}]}\n\n"));
        var text = OtherTexts(SseParse.ProcessOne(assembler, """data: {"choices":[{"index":0,"delta":{"audio":{"data":"not base64, words"}}}]}""" + "\n\n"));
        var shortPiece = OtherTexts(SseParse.ProcessOne(assembler, """data: {"choices":[{"index":0,"delta":{"audio":{"data":"sarin"}}}]}""" + "\n\n"));

        Assert.DoesNotContain(blob, audio);
        Assert.Contains("not base64, words", text);
        Assert.Contains("sarin", shortPiece);
    }

    [Fact]
    public void ParallelOutputs_OtherStringsTaggedApart()
    {
        var assembler = TestAssemblers.Create(TestAssemblers.AnthropicMessages)!;

        var cited0 = Assert.Single(SseParse.ProcessOne(assembler, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"citations_delta\",\"citation\":{\"cited_text\":\"one\"}}}\n\n").Others(), d => d.Text.ToString() == "one");
        var block1 = SseParse.ProcessOne(assembler, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"citations_delta\",\"citation\":{\"cited_text\":\"two\"}}}\n\n");

        var cited1 = Assert.Single(block1.Others(), d => d.Text.ToString() == "two");
        Assert.Equal(cited0.SubIndex, cited1.SubIndex);
        Assert.NotEqual(cited0.Index, cited1.Index);
    }

    [Fact]
    public void SseCommentIdAndUnknownFieldLines_Reported()
    {
        var assembler = TestAssemblers.Create(TestAssemblers.OpenAIChat)!;

        var result = SseParse.ProcessOne(assembler, ": a comment\nid: an id\nnote: a field\ndata: {\"choices\":[]}\n\n");

        var others = OtherTexts(result);
        Assert.Contains("a comment", others);
        Assert.Contains("an id", others);
        Assert.Contains("note: a field", others);
    }
}
