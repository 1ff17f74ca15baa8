using Guardrail.Load;

// Streaming latency through the guard, against the same stream through plain YARP and straight from the upstream.
// Loopback only; bounded: --streams per mode (default 40), --tokens per stream (100), --interval-ms (20), --concurrency (4).
return await StreamLatencyScenario.RunAsync(args);
