using Guardrail.PlainYarp;
using Microsoft.Extensions.Configuration;

// Plain YARP, no inspection: the baseline of bench/proxy-vs-yarp.sh (see PlainYarpHost).
//   dotnet Guardrail.PlainYarp.dll --urls http://127.0.0.1:PORT --upstream http://127.0.0.1:UPSTREAM/
var options = new ConfigurationBuilder().AddCommandLine(args).Build();
var upstream = options["upstream"] ?? throw new InvalidOperationException("pass --upstream URL");
await PlainYarpHost.Build(options["urls"] ?? "http://127.0.0.1:5000", upstream).RunAsync();
