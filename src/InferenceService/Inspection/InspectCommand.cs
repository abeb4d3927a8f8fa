using System.Text.Json;
using InferenceService.Hosting;
using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Inspection;
using InferenceService.Model;

namespace InferenceService.Inspection;

/// <summary>
/// <c>inspect DIR [IMAGE ...] [--json]</c>: loads the folder with the service's own loader and configuration, says
/// how it would be served, runs the images, and exits <see cref="Servable"/> or <see cref="NotServable"/>. No web
/// host is built: nothing listens.
/// </summary>
public static class InspectCommand
{
    public const int Servable = 0;

    public const int NotServable = 3;

    public static int Run(InspectArguments arguments, IReadOnlyDictionary<string, string?> settings, TextWriter stdout)
    {
        var options = Options(arguments.ModelDir, settings);
        using var inspection = ModelInspector.Inspect(options, KnownFamilies.Recogniser(), WarmUpImage.Create());
        var report = inspection.Report with { Images = arguments.Images.Select(inspection.Run).ToArray() };
        if (arguments.Json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(report, InspectionJsonContext.Readable.ModelReport));
        }
        else
        {
            InspectionText.Write(report, stdout);
        }

        return report.Servable ? Servable : NotServable;
    }

    /// <summary>The service's configuration order (docs/configuration.md), then the folder named on the command line.</summary>
    private static InferenceOptions Options(string modelDir, IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddEnvironmentAliases()
            .AddInMemoryCollection(settings)
            .Build();
        var options = configuration.GetSection(InferenceOptions.Section).Get<InferenceOptions>() ?? new InferenceOptions();
        options.ModelDir = modelDir;
        return options;
    }
}
