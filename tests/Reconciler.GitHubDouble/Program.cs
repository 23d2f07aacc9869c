// Stand-alone entry point: `dotnet run --project tests/Reconciler.GitHubDouble -- --urls http://127.0.0.1:5089`.
var app = WebApplication.CreateBuilder(args).Build();
app.Run();
