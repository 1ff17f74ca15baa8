using Guardrail.Tests.Shared;
using System.Net;
using System.Text.Json;
using Guardrail.Proxy.Hosting;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.Hosting;

public sealed class HostTests
{
    [Fact]
    public async Task HealthAndReadiness_Answer200WhenPoliciesLoaded()
    {
        await using var proxy = await GuardedProxy.StartAsync();

        using var health = await proxy.Client.GetAsync("/healthz");
        using var ready = await proxy.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Empty(proxy.Upstream.Requests);
    }

    [Fact]
    public async Task Demo_DemoModelAnswersBenignAndRefusesCbrn()
    {
        await using var proxy = await ProxyApp.StartAsync(["--demo", "--urls", "http://127.0.0.1:0", "--policy", RepoPaths.Policies, "--Logging:LogLevel:Default=Warning"]);
        using var client = new HttpClient { BaseAddress = proxy.Address, Timeout = TimeSpan.FromSeconds(30) };

        using var benign = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));
        using var refused = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Chemical));

        Assert.NotNull(proxy.DemoAddress);
        Assert.Equal(HttpStatusCode.OK, benign.StatusCode);
        var content = (await JsonBody.ReadAsync(benign)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Contains("demo model", content, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task DemoFromConfigurationKey_ServesTheDemoModelAsTheOptionDoes()
    {
        // Guardrail:Demo=true is what --demo sets, and what Guardrail__Demo=true or appsettings.json feed.
        await using var proxy = await ProxyApp.StartAsync(["--Guardrail:Demo=true", "--urls", "http://127.0.0.1:0", "--policy", RepoPaths.Policies, "--Logging:LogLevel:Default=Warning"]);
        using var client = new HttpClient { BaseAddress = proxy.Address, Timeout = TimeSpan.FromSeconds(30) };

        using var benign = await client.PostAsync("/v1/chat/completions", JsonBody.Chat(Prompts.Benign));

        Assert.NotNull(proxy.DemoAddress);
        Assert.Equal(HttpStatusCode.OK, benign.StatusCode);
    }

    [Fact]
    public async Task InvalidPolicyAtStart_FailsWithLocatedError()
    {
        var dir = RepoPaths.CopyPoliciesToTemp();
        try
        {
            var file = Path.Combine(dir, "default.yaml");
            await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Edit("action: block", "action: explode"));

            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ProxyApp.StartAsync(
                ["--urls", "http://127.0.0.1:0", "--upstream", "http://127.0.0.1:9/", "--policy", dir, "--Logging:LogLevel:Default=None"]));

            Assert.Contains("default.yaml:", ex.Message, StringComparison.Ordinal);
            Assert.Contains("explode", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task DemoModel_AnswersEmbeddingsAndCountTokensAndTheyAreScreened()
    {
        await using var proxy = await ProxyApp.StartAsync(["--demo", "--urls", "http://127.0.0.1:0", "--policy", RepoPaths.Policies, "--Logging:LogLevel:Default=Warning"]);
        using var client = new HttpClient { BaseAddress = proxy.Address, Timeout = TimeSpan.FromSeconds(30) };

        using var embedded = await client.PostAsync("/v1/embeddings", JsonBody.Of("""{"model":"m","input":["hello","world"]}"""));
        using var counted = await client.PostAsync("/v1/messages/count_tokens", JsonBody.Of("""{"model":"m","messages":[{"role":"user","content":"hello there"}]}"""));
        using var refused = await client.PostAsync("/v1/embeddings", JsonBody.Of(JsonSerializer.Serialize(new { model = "m", input = Prompts.Chemical })));

        Assert.Equal(HttpStatusCode.OK, embedded.StatusCode);
        var data = (await JsonBody.ReadAsync(embedded)).GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal(8, data[1].GetProperty("embedding").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        Assert.True((await JsonBody.ReadAsync(counted)).GetProperty("input_tokens").GetInt32() > 0);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task DemoModel_StreamsChatCompletion()
    {
        await using var proxy = await ProxyApp.StartAsync(["--demo", "--urls", "http://127.0.0.1:0", "--policy", RepoPaths.Policies, "--Logging:LogLevel:Default=Warning"]);
        using var client = new HttpClient { BaseAddress = proxy.Address, Timeout = TimeSpan.FromSeconds(30) };
        var body = JsonSerializer.Serialize(new { model = "m", stream = true, messages = new[] { new { role = "user", content = Prompts.Benign } } });

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody.Of(body));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data: [DONE]", text, StringComparison.Ordinal);
    }
}
