using Guardrail.Proxy.Commands;

// guardrail [serve] (--upstream URL | --demo) [--urls URL] [--policy FILE|DIR] ...  (guardrail --help)
// guardrail hash-key [KEY | --new]
// guardrail policy ... | audit ... | capture ...   (eval, train and corpus: tools/Guardrail.Training)
return await CommandLine.RunAsync(args);
