using Guardrail.Load;
using Guardrail.Load.Scenarios;
using Guardrail.Load.Targets;

// The load runner (README "Load suite"): named scenarios under open- or closed-model load, against Guardrail, and with
// --compare against the upstream direct and plain YARP too; console summary, and Markdown + JSON + HTML reports.
//   serve ROLE ...       a target's child process (started by the runner itself)
//   stream-latency ...   the earlier per-event streaming probe (upstream write to client read)
if (args.Length > 0 && args[0] == "serve")
{
    return await RoleHost.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "stream-latency")
{
    return await StreamLatencyScenario.RunAsync(args[1..]);
}

return await LoadCommand.RunAsync(args);
