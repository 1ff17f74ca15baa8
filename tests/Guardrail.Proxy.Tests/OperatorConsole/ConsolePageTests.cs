using System.Net;
using System.Text.Json;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Guardrail.Proxy.Tests.OperatorConsole;

/// <summary>
/// The admin console in headless Chromium (Debian's <c>chromium</c>, driven by Playwright's bundled driver; no browser
/// download): live counts after scripted requests, the recent decisions, try-a-prompt, and a screenshot in the test
/// output directory.
/// </summary>
[Collection(TelemetrySerial.Name)]
public sealed class ConsolePageTests(ITestOutputHelper output)
{
    /// <summary>Where <c>apt-get install chromium</c> puts the browser (test.sh installs it when missing).</summary>
    private const string Chromium = "/usr/bin/chromium";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Console_AfterScriptedRequests_ShowsLiveCountsAndTryAPromptScores()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run ./test.sh (it installs Debian's chromium) or apt-get install chromium");
        await using var proxy = await GuardedProxy.StartAsync(AdminArgs.Listener);

        // Scripted traffic: one allowed, one blocked on input, one stream halted by the guard.
        using var allowed = await PostAsync(proxy, Prompts.Benign, stream: false);
        using var blocked = await PostAsync(proxy, Prompts.Chemical, stream: false);
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Chat, SseScripts.TurningTokens, TimeSpan.Zero);
        using var halted = await PostAsync(proxy, "Tell me about chemistry.", stream: true);
        var haltedBody = await halted.Content.ReadAsStringAsync();
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.OK), (allowed.StatusCode, blocked.StatusCode, halted.StatusCode));
        Assert.Contains("content_filter", haltedBody, StringComparison.Ordinal);
        var blockedId = blocked.Headers.GetValues("x-guardrail-request-id").Single();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 860 } });
        var admin = AdminArgs.AddressOf(proxy);

        // The key travels in the fragment (never sent to the server); the page moves it to session storage.
        await page.GotoAsync(new Uri(admin, "/console").ToString() + "#key=" + AdminArgs.Key);
        await page.WaitForFunctionAsync("() => document.getElementById('count-block').textContent === '1' && document.getElementById('count-halt').textContent === '1'",
            null, new PageWaitForFunctionOptions { Timeout = (float)Wait.TotalMilliseconds });

        Assert.DoesNotContain("#key", page.Url, StringComparison.Ordinal);
        Assert.Equal("1", await page.InnerTextAsync("#count-block"));
        Assert.Equal("1", await page.InnerTextAsync("#count-halt"));
        Assert.Equal("live", await page.InnerTextAsync("#status"));
        Assert.Equal(1, await page.Locator("#counts tr[data-direction='input'][data-category='cbrn.chemical'][data-action='block']").CountAsync());
        Assert.Equal(1, await page.Locator($"#recent tr[data-request-id='{blockedId}']").CountAsync());

        using var client = AdminArgs.Client(proxy);
        var before = await TotalAsync(client);

        // Try a prompt: every stage's scores for the typed text, with the verdict.
        await page.FillAsync("#try-text", Prompts.Chemical);
        await page.ClickAsync("#try-run");
        await page.WaitForFunctionAsync("() => document.body.dataset.tryAction === 'block'", null, new PageWaitForFunctionOptions { Timeout = (float)Wait.TotalMilliseconds });
        Assert.True(await page.Locator("#try-stages tr[data-stage='lexical'][data-category='cbrn.chemical']").CountAsync() == 1);
        Assert.StartsWith("block", await page.InnerTextAsync("#verdict"), StringComparison.Ordinal);

        // Only the admin's own textarea holds text: the page shows ids and scores, never prompts.
        Assert.DoesNotContain("sarin", await page.InnerTextAsync("body"), StringComparison.OrdinalIgnoreCase);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "console.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine("console screenshot: " + screenshot);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is implausibly small");

        // The try-a-prompt run was not traffic: the counts are unchanged.
        Assert.Equal(before, await TotalAsync(client));
    }

    private static async Task<long> TotalAsync(HttpClient admin)
    {
        using var state = JsonDocument.Parse(await admin.GetStringAsync("/admin/console/state"));
        return state.RootElement.GetProperty("total").GetInt64();
    }

    [Fact]
    public async Task ConsoleData_WithoutTheAdminKey_IsRefusedButThePageHoldsNone()
    {
        await using var proxy = await GuardedProxy.StartAsync(AdminArgs.Listener);
        using var anonymous = AdminArgs.Client(proxy, key: null);

        using var page = await anonymous.GetAsync("/console");
        using var state = await anonymous.GetAsync("/admin/console/state");
        using var tryIt = await anonymous.PostAsync("/admin/console/try", JsonBody.Of("""{"text":"hello"}"""));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.DoesNotContain(AdminArgs.Key, html, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (state.StatusCode, tryIt.StatusCode));
    }

    private static Task<HttpResponseMessage> PostAsync(GuardedProxy proxy, string text, bool stream)
    {
        var body = JsonSerializer.Serialize(new { model = "m", stream, messages = new[] { new { role = "user", content = text } } });
        return proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Of(body));
    }
}
