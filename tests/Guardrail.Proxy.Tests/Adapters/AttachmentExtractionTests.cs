using System.Net;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;

namespace Guardrail.Proxy.Tests.Adapters;

/// <summary>Under <c>input.attachments: extract</c>: a PDF's text is screened with the request; an unreadable one is refused.</summary>
public sealed class AttachmentExtractionTests : IAsyncLifetime
{
    private GuardedProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await GuardedProxy.StartAsync(
        [], policy => policy.Edit("attachments: refuse", "attachments: extract"), configureServices: null);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    public static TheoryData<string, string> Attachments => RequestCompletenessTests.PdfTemplates();

    [Theory]
    [MemberData(nameof(Attachments))]
    public async Task HarmfulRequestInsidePdf_RefusedNothingForwarded(string path, string template)
    {
        using var response = await _proxy.Client.PostAsync(path, JsonBody.Of(Fill(template, TestPdf.WithText(Prompts.Chemical))));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Contains("content_filter", StringComparison.Ordinal) || text.Contains("\"refusal\"", StringComparison.Ordinal), text);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Theory]
    [MemberData(nameof(Attachments))]
    public async Task BenignPdf_Forwarded(string path, string template)
    {
        using var response = await _proxy.Client.PostAsync(path, JsonBody.Of(Fill(template, TestPdf.WithText(Prompts.Benign))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_proxy.Upstream.Requests);
    }

    [Theory]
    [MemberData(nameof(Attachments))]
    public async Task PdfWithoutTextOrBroken_Refused400(string path, string template)
    {
        using var scanned = await _proxy.Client.PostAsync(path, JsonBody.Of(Fill(template, TestPdf.WithoutText())));
        using var broken = await _proxy.Client.PostAsync(path, JsonBody.Of(Fill(template, "%PDF-1.4 not really"u8.ToArray())));

        Assert.Equal(HttpStatusCode.BadRequest, scanned.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    private static string Fill(string template, byte[] pdf) => template.Edit("PDF", Convert.ToBase64String(pdf));
}
