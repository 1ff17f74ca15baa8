using System.Text;

// A fast scripted model server for bench/proxy-vs-yarp.sh: every POST gets the same small chat completion, written from
// one precomputed buffer, so the upstream costs the same (and little) behind plain YARP and behind Guardrail.
//   dotnet Guardrail.BenchUpstream.dll --urls http://127.0.0.1:PORT
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var answer = Encoding.UTF8.GetBytes(
    """{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"Paris is the capital of France. It has been the seat of government for centuries."},"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":18,"total_tokens":38}}""");
app.MapPost("/{**path}", async context =>
{
    // Read the request to its end as a real server would; the content is not looked at.
    var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
    try
    {
        while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0)
        {
        }
    }
    finally
    {
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
    }

    context.Response.ContentType = "application/json";
    context.Response.ContentLength = answer.Length;
    await context.Response.Body.WriteAsync(answer, context.RequestAborted);
});
await app.RunAsync();
