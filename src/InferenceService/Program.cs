using InferenceService.Features.AnnotatedImages;
using InferenceService.Features.Batches;
using InferenceService.Features.Console;
using InferenceService.Features.Documentation;
using InferenceService.Features.ExecutionParameters;
using InferenceService.Features.ImageUrls;
using InferenceService.Features.Invocations;
using InferenceService.Features.ModelInfo;
using InferenceService.Features.Models;
using InferenceService.Features.Ping;
using InferenceService.Hosting;
using InferenceService.Inspection;
using InferenceService.Model;
using InferenceService.Model.Repository;
using InferenceService.Observability;
using InferenceService.Problems;
using InferenceService.Reliability;

NativeMemory.LimitMallocArenas();
var command = CommandLine.Parse(args, Console.Out, Console.Error);
if (command.ExitCode is { } exitCode)
{
    return exitCode;
}

if (command.Inspect is { } inspect)
{
    return InspectCommand.Run(inspect, command.Settings, Console.Out);
}

var builder = WebApplication.CreateSlimBuilder();
// ASP.NET Core's order (docs/configuration.md): environment variables, the flat aliases included, then the
// command line, which wins over all of them.
builder.Configuration.AddEnvironmentAliases();
builder.Configuration.AddInMemoryCollection(command.Settings);

builder.AddServiceLogging();
builder.AddKestrelEndpoint();
builder.AddReliability();
builder.Services.AddProblemResponses();
builder.Services.AddInferenceModel(builder.Configuration);
builder.Services.AddMultiModel(builder.Configuration);
builder.Services.AddModelRepository(builder.Configuration);
builder.Services.AddApiDocumentation();
builder.Services.AddInvocationsJson();
builder.Services.AddServiceMetrics();
builder.AddTelemetryExport();
builder.Services.AddInvocationResponses();
builder.Services.AddBatchInvocations();
builder.Services.AddAnnotation(builder.Configuration);
builder.Services.AddImageUrls(builder.Configuration);
builder.Services.AddModelInfoJson();
builder.Services.AddModelsJson();
builder.Services.AddConsole(builder.Configuration);
builder.Services.AddNativeMemoryTrimming();

var app = builder.Build();

app.UseProblemResponses();
app.UseRequestId();
app.UseServerTiming();
app.UseServiceLogging();
app.UseServiceMetrics();
app.UseRequestGuard();
app.MapApiDocumentation();
app.MapPing();
if (app.Services.ServesManyModels())
{
    app.MapModels();
}
else
{
    app.MapInvocations();
    app.MapModelInfo();
}

app.MapServiceMetrics();
app.MapExecutionParameters();
app.MapConsole();

var exit = ExitCode.Watch(app.Services);
app.Run();
return exit.AfterRun;

/// <summary>Entry point, visible to the in-process test host.</summary>
public partial class Program;
