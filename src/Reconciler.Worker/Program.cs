// A minimal host for now: the scheduled, clustered worker is built on top of this.
var builder = Host.CreateApplicationBuilder(args);
using var host = builder.Build();
await host.RunAsync();
