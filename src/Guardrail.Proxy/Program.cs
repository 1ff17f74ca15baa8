using Guardrail.Proxy.Commands;

// guardrail [serve] [--urls URL] [--upstream URL] [--policy FILE|DIR]
// guardrail hash-key [KEY | --new]
// guardrail eval FILE.jsonl... [--policy FILE|DIR]
return await CommandLine.RunAsync(args);
