using Guardrail.Proxy.Commands;

// guardrail [serve] (--upstream URL | --demo) [--urls URL] [--policy FILE|DIR] ...  (guardrail --help)
// guardrail hash-key [KEY | --new]
// guardrail eval FILE.jsonl... [--policy FILE|DIR]
return await CommandLine.RunAsync(args);
