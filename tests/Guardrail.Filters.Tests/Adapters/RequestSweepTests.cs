using System.Text;
using System.Text.Json;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Policy;
using Guardrail.Tests.Shared;

namespace Guardrail.Filters.Tests.Adapters;

public sealed class RequestSweepTests
{
    private static (string? Error, List<ExtractedText> Texts) Sweep(IApiAdapter adapter, string json, AttachmentMode mode = AttachmentMode.Refuse)
    {
        using var document = JsonDocument.Parse(json);
        var texts = new List<ExtractedText>();
        var error = adapter.ExtractRequest(document.RootElement, texts) ?? RequestSweep.Sweep(document.RootElement, texts, mode);
        return (error, texts);
    }

    private static string? Other(List<ExtractedText> texts) => texts.SingleOrDefault(t => t.Path == RequestSweep.OtherFieldsPath).Text;

    [Theory]
    [InlineData("""{"model":"m","prompt":"hi","extra":{"a":1,"a":2}}""")]
    [InlineData("""{"model":"m","prompt":"hi","extra":{"note":"x","NOTE":"y"}}""")]
    [InlineData("""{"model":"m","prompt":"hi","Prompt":"y"}""")]
    [InlineData("""{"model":"m","prompt":"hi","\u212Aey":"a","key":"b"}""")]
    public void DuplicateKeysUnderFolding_Refused(string json)
    {
        var (error, _) = Sweep(OpenAICompletionsAdapter.Instance, json);

        Assert.NotNull(error);
        Assert.Contains("more than once", error, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherStrings_JoinedInDocumentOrder_WithoutWhatTheAdapterRead()
    {
        var (error, texts) = Sweep(OpenAIChatAdapter.Instance,
            """{"model":"m","messages":[{"role":"user","content":"What is the capital of France?"}],"a":"first","b":{"c":["second"]}}""");

        Assert.Null(error);
        Assert.Equal("model m messages role user content a first b c second", Other(texts));
        Assert.Single(texts, t => t.Text == "What is the capital of France?");
    }

    [Fact]
    public void TextDataUrlAndTextSource_DecodedAndScreenedAsUserText()
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("placeholder document text"));
        var (error, texts) = Sweep(AnthropicMessagesAdapter.Instance, $$$"""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[
              {"type":"document","source":{"type":"base64","media_type":"text/plain","data":"{{{payload}}}"}},
              {"type":"text","text":"see data:text/plain,hello%20there"},
              {"type":"image","source":{"type":"url","url":"data:text/plain;base64,{{{payload}}}"}}]}]}
            """);

        Assert.Null(error);
        Assert.Equal(2, texts.Count(t => t.Text == "placeholder document text" && t.Origin == TextOrigin.User));
    }

    [Fact]
    public void ImagesAndAudio_PassWithoutTheirBase64InTheScreenedText()
    {
        var png = Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 3, 250, 251]);
        var (error, texts) = Sweep(OpenAIChatAdapter.Instance, $$$"""
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"image_url","image_url":{"url":"data:image/png;base64,{{{png}}}"}},
              {"type":"input_audio","input_audio":{"data":"{{{png}}}","format":"wav"}}]}]}
            """);

        Assert.Null(error);
        Assert.DoesNotContain(texts, t => t.Text.Contains(png, StringComparison.Ordinal));
    }

    [Fact]
    public void Pdf_RefusedByDefault_ExtractedWhenThePolicySaysSo()
    {
        var pdf = Convert.ToBase64String(TestPdf.WithText("Placeholder page about geography"));
        var json = $$$"""{"model":"m","input":[{"role":"user","content":[{"type":"input_file","filename":"a.pdf","file_data":"data:application/pdf;base64,{{{pdf}}}"}]}]}""";

        var (refused, _) = Sweep(OpenAIResponsesAdapter.Instance, json);
        var (error, texts) = Sweep(OpenAIResponsesAdapter.Instance, json, AttachmentMode.Extract);

        Assert.Contains("PDF", refused, StringComparison.Ordinal);
        Assert.Null(error);
        Assert.Contains(texts, t => t.Text.Contains("Placeholder page about geography", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("data:application/octet-stream;base64,AAECAwQF")]
    [InlineData("data:text/plain;base64,@@@")]
    public void UnreadableDataUrls_Refused(string url)
    {
        var (error, _) = Sweep(OpenAICompletionsAdapter.Instance, $$$"""{"model":"m","prompt":"hi","x":"{{{url}}}"}""", AttachmentMode.Extract);

        Assert.NotNull(error);
    }

    [Fact]
    public void BareBase64FileData_ReadByItsBytes()
    {
        var pdf = Convert.ToBase64String(TestPdf.WithText("Placeholder page"));

        var (error, _) = Sweep(OpenAIChatAdapter.Instance,
            $$$"""{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_data":"{{{pdf}}}"}}]}]}""");

        Assert.Contains("PDF", error, StringComparison.Ordinal);
    }
}
