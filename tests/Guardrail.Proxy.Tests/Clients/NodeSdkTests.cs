using Guardrail.Proxy.Demo;

namespace Guardrail.Proxy.Tests.Clients;

/// <summary>
/// The official Node SDKs (<c>openai</c> 6.x, <c>@anthropic-ai/sdk</c>) through the proxy: for Chat Completions,
/// legacy Completions, Responses and Messages, plain <c>create</c> with and without <c>stream: true</c> and the stream
/// helpers with their final accumulated result. A benign answer arrives whole; a refusal or halt surfaces as the
/// SDK's own refusal or content-filter outcome (or its APIError under the error policy); nothing hangs or throws
/// unexpectedly. The cases run in <c>tests/sdk-node/run.js</c>; what each must report is decided here.
/// </summary>
public sealed class NodeSdkTests(NodeSdkFixture fixture) : IClassFixture<NodeSdkFixture>
{
    // The model both the scripted upstream and the suite's requests name.
    private const string UpstreamModel = "test-model";

    private static readonly string[] Apis = ["chat", "completions", "responses", "messages"];

    public static TheoryData<string> DefaultCases => Cases(
        ("create", ["benign", "refused", "harmful"]),
        ("createStream", ["benign", "refused", "turning", "early"]),
        ("streamHelper", ["benign", "refused", "turning", "early"]));

    public static TheoryData<string> InputRefusalCases => Cases(("create", ["refused"]), ("createStream", ["refused"]), ("streamHelper", ["refused"]));

    public static TheoryData<string> BenignCases => Cases(("create", ["benign"]), ("createStream", ["benign"]), ("streamHelper", ["benign"]));

    [Theory]
    [MemberData(nameof(DefaultCases))]
    public void ShippedPolicy_EachCaseEndsAsTheSdkExpects(string caseName)
    {
        var result = fixture.Result("default", caseName);

        switch (result.Script)
        {
            case "benign":
                AssertBenign(result, ScriptedModel.BenignText, UpstreamModel);
                break;
            case "refused" when result.Api == "messages":
                AssertFiltered(result, requestModel: "claude-test");
                break;
            case "refused":
                AssertContentFilterError(result);
                break;
            case "turning":
                AssertFiltered(result, UpstreamModel);
                AssertBenignPrefix(result);
                break;
            case "early":
                // Nothing was released before the halt: the halt alone must satisfy the SDK (role, ids, model).
                AssertFiltered(result, UpstreamModel);
                Assert.Equal(string.Empty, result.Text);
                break;
            case "harmful":
                AssertFiltered(result, UpstreamModel);
                break;
            default:
                Assert.Fail("unknown script " + result.Script);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(InputRefusalCases))]
    public void OppositeRefusalPolicy_RefusalsInBandForOpenAIAndErrorsForAnthropic(string caseName)
    {
        var result = fixture.Result("refused", caseName);

        if (result.Api == "messages")
        {
            AssertAnthropicError(result);
        }
        else
        {
            // The request's model: a refused request never reaches the upstream.
            AssertFiltered(result, requestModel: UpstreamModel);
        }

        if (result.Api == "chat")
        {
            // As the non-streamed refusal, the neutral sentence arrives as the message's refusal.
            Assert.False(string.IsNullOrEmpty(result.Refusal), $"no refusal text: {result}");
        }
    }

    [Theory]
    [MemberData(nameof(BenignCases))]
    public void DemoModel_EveryHelperAcceptsItsAnswers(string caseName)
    {
        var result = fixture.Result("demo", caseName);

        AssertBenign(result, DemoModelServer.Reply, DemoModelServer.Model);
    }

    private static TheoryData<string> Cases(params (string Call, string[] Scripts)[] plan)
    {
        var data = new TheoryData<string>();
        foreach (var api in Apis)
        {
            foreach (var (call, scripts) in plan)
            {
                // The SDK has no stream helper for legacy Completions.
                if (api == "completions" && call == "streamHelper")
                {
                    continue;
                }

                foreach (var script in scripts)
                {
                    data.Add($"{api}.{call}.{script}");
                }
            }
        }

        return data;
    }

    private static void AssertOk(NodeCaseResult result)
    {
        Assert.True(result.Outcome == "ok", $"expected the SDK call to succeed: {result}");
        Assert.True(result.Ms < 20_000, $"case took {result.Ms} ms: {result}");
    }

    private static void AssertBenign(NodeCaseResult result, string text, string model)
    {
        AssertOk(result);
        Assert.Equal(text, result.Text);
        Assert.Equal(result.Api switch { "chat" or "completions" => "stop", "responses" => "completed", _ => "end_turn" }, result.Finish);
        Assert.Equal(model, result.Model);
        if (result.Api is "chat" or "messages")
        {
            Assert.Equal("assistant", result.Role);
        }
    }

    /// <summary>The API's own content-filter outcome, with an envelope the SDK accepted (role, model, id).</summary>
    private static void AssertFiltered(NodeCaseResult result, string requestModel)
    {
        AssertOk(result);
        switch (result.Api)
        {
            case "chat":
                Assert.Equal("content_filter", result.Finish);
                Assert.Equal("assistant", result.Role);
                break;
            case "completions":
                Assert.Equal("content_filter", result.Finish);
                break;
            case "responses":
                Assert.Equal("incomplete", result.Finish);
                Assert.Equal("content_filter", result.Reason);
                break;
            default:
                Assert.Equal("refusal", result.Finish);
                Assert.Equal("refusal", result.Reason);
                Assert.Equal("assistant", result.Role);
                break;
        }

        Assert.Equal(requestModel, result.Model);
        Assert.False(string.IsNullOrEmpty(result.Id), $"no id: {result}");
        Assert.DoesNotContain("sarin", result.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Step 1", result.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The benign start of the turning answer reached the client before the halt. Responses' final response is the
    /// halt's (its output is what response.created announced), so only the streamed deltas carry that text there.
    /// </summary>
    private static void AssertBenignPrefix(NodeCaseResult result)
    {
        Assert.True(ScriptedModel.TurningText.StartsWith(result.Text!, StringComparison.Ordinal), $"released text is not the answer's benign prefix: {result}");
        if (!(result.Api == "responses" && result.Call == "streamHelper"))
        {
            Assert.StartsWith("Chemistry is the study of matter", result.Text, StringComparison.Ordinal);
        }
    }

    private static void AssertContentFilterError(NodeCaseResult result)
    {
        Assert.True(result.Outcome == "error", $"expected the SDK's APIError: {result}");
        Assert.Equal("BadRequestError", result.Error!.Name);
        Assert.Equal(400, result.Error.Status);
        Assert.Equal("content_filter", result.Error.Code);
    }

    private static void AssertAnthropicError(NodeCaseResult result)
    {
        Assert.True(result.Outcome == "error", $"expected the SDK's APIError: {result}");
        Assert.Equal("BadRequestError", result.Error!.Name);
        Assert.Equal(400, result.Error.Status);
        Assert.Equal("invalid_request_error", result.Error.Type);
    }
}
