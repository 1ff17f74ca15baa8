using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Guardrail.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Guardrail.Benchmarks -- latency      (limit decision p50/p99, memory and Redis)
// ... -- throughput PROXY.dll   (proxy throughput with limits off / in memory / in Redis)
// ... -- reload                  (policy edit to serving, p50/p95: watcher, poll only, thread pool flooded)
if (args.Length > 0 && args[0] == "latency")
{
    await Guardrail.Benchmarks.LimitLatencyProbe.RunAsync(Console.Out);
    return;
}

// ... -- stages [chat|science] [N]   (per-stage cost of one request, fresh texts)
if (args.Length > 0 && args[0] == "stages")
{
    var stdout = Console.Out;
    await Guardrail.Benchmarks.StageCostProbe.RunAsync(args, stdout);
    return;
}

if (args.Length > 0 && args[0] == "reload")
{
    Guardrail.Benchmarks.ReloadLatencyProbe.Run(Console.Out);
    return;
}

// dotnet run -c Release --project bench/Guardrail.Benchmarks -- throughput src/Guardrail.Proxy/bin/Release/net10.0/Guardrail.Proxy.dll
if (args.Length > 1 && args[0] == "throughput")
{
    await Guardrail.Benchmarks.ProxyThroughputProbe.RunAsync(args[1], Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
