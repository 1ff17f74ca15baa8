using Guardrail.Training.Commands;

// guardrail-training eval FILE.jsonl... [--policy FILE|DIR] ...   (dotnet run -c Release --project tools/Guardrail.Training -- eval ...)
// guardrail-training train [--dev DIR] [--out FILE] [--check] ...
// guardrail-training corpus [--out DIR]
return await TrainingCommandLine.RunAsync(args);
