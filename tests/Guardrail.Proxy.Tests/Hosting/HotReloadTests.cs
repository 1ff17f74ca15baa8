using Guardrail.Tests.Shared;
using System.Net;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.Hosting;

public sealed class HotReloadTests
{
    private static readonly TimeSpan ReloadBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task GoodEdit_AppliesWithoutRestart()
    {
        await using var proxy = await GuardedProxy.StartAsync();
        using (var before = await proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, before.StatusCode);
        }

        await EditDefaultPolicyAsync(proxy, text => text.Edit("action: block", "action: flag"));

        var status = await PollAsync(proxy, s => s == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEmpty(proxy.Upstream.Requests);
    }

    [Fact]
    public async Task BadEdit_RejectedAndLastGoodKeepsServing()
    {
        await using var proxy = await GuardedProxy.StartAsync();

        using (var before = await proxy.Client.GetAsync("/readyz"))
        {
            Assert.Equal(0, (await JsonBody.ReadAsync(before)).GetProperty("rejectedEdits").GetArrayLength());
        }

        await EditDefaultPolicyAsync(proxy, text => text.Edit("action: block", "action: flag") + "\nnot_a_field: [unclosed\n");

        // Ready all along (the last good policy serves), and /readyz names the file whose edit was rejected.
        var deadline = DateTime.UtcNow + ReloadBound;
        System.Text.Json.JsonElement body;
        do
        {
            await Task.Delay(200);
            using var ready = await proxy.Client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            body = await JsonBody.ReadAsync(ready);
        }
        while (body.GetProperty("rejectedEdits").GetArrayLength() == 0 && DateTime.UtcNow < deadline);

        Assert.Equal("default.yaml", Assert.Single(body.GetProperty("rejectedEdits").EnumerateArray()).GetString());
        Assert.DoesNotContain("not_a_field", body.GetRawText(), StringComparison.Ordinal);
        using var response = await proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(proxy.Upstream.Requests);
    }

    private static async Task EditDefaultPolicyAsync(GuardedProxy proxy, Func<string, string> edit)
    {
        var file = Path.Combine(proxy.PolicyDir, "default.yaml");
        var text = await File.ReadAllTextAsync(file);
        var edited = edit(text);
        Assert.NotEqual(text, edited);
        await File.WriteAllTextAsync(file, edited);
    }

    private static async Task<HttpStatusCode> PollAsync(GuardedProxy proxy, Func<HttpStatusCode, bool> done)
    {
        var deadline = DateTime.UtcNow + ReloadBound;
        HttpStatusCode status;
        do
        {
            await Task.Delay(200);
            using var response = await proxy.Client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));
            status = response.StatusCode;
        }
        while (!done(status) && DateTime.UtcNow < deadline);

        return status;
    }
}
