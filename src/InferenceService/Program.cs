using InferenceService.Features.Documentation;
using InferenceService.Features.Invocations;
using InferenceService.Features.ModelInfo;
using InferenceService.Features.Ping;
using InferenceService.Hosting;
using InferenceService.Model;
using InferenceService.Problems;

var command = CommandLine.Parse(args, Console.Out, Console.Error);
if (command.ExitCode is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Configuration.AddInMemoryCollection(command.Settings);
builder.Configuration.AddEnvironmentAliases();

builder.AddServiceLogging();
builder.AddKestrelEndpoint();
builder.Services.AddProblemResponses();
builder.Services.AddInferenceModel(builder.Configuration);
builder.Services.AddApiDocumentation();
builder.Services.AddInvocationsJson();
builder.Services.AddModelInfoJson();

var app = builder.Build();

app.UseProblemResponses();
app.UseServiceLogging();
app.MapApiDocumentation();
app.MapPing();
app.MapInvocations();
app.MapModelInfo();

app.Run();
return 0;

/// <summary>Entry point, visible to the in-process test host.</summary>
public partial class Program;
