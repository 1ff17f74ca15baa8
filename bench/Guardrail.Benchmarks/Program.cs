using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Guardrail.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
