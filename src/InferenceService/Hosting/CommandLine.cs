namespace InferenceService.Hosting;

/// <summary>
/// The SageMaker entry contract: the image is started as <c>IMAGE serve</c> (or <c>IMAGE train</c>, which this
/// image refuses). Options become configuration so they bind like everything else.
/// </summary>
public sealed record CommandLine(int? ExitCode, IReadOnlyDictionary<string, string?> Settings)
{
    public const string Usage = """
        usage: InferenceService [serve] [--model-dir DIR]
          serve            start the inference server (the default)
          --model-dir DIR  folder holding model.onnx and its labels (default /opt/ml/model, or MODEL_DIR)
        """;

    public static CommandLine Parse(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "serve" when i == 0:
                    continue;
                case "train" when i == 0:
                    stderr.WriteLine("This image only serves models: 'train' is not supported (run it with 'serve').");
                    return new CommandLine(2, settings);
                case "--help" or "-h":
                    stdout.WriteLine(Usage);
                    return new CommandLine(0, settings);
                case "--model-dir" when i + 1 < args.Count:
                    settings["Inference:ModelDir"] = args[++i];
                    continue;
            }

            if (arg.StartsWith("--model-dir=", StringComparison.Ordinal))
            {
                settings["Inference:ModelDir"] = arg["--model-dir=".Length..];
                continue;
            }

            // Any other --Key=value is a configuration setting (--Inference:Device=auto), as ASP.NET's command-line
            // provider reads it; WebApplicationFactory passes its settings this way too.
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is > 2 and var equals)
            {
                settings[arg[2..equals]] = arg[(equals + 1)..];
                continue;
            }

            stderr.WriteLine($"Unknown argument '{arg}'.");
            stderr.WriteLine(Usage);
            return new CommandLine(2, settings);
        }

        return new CommandLine(null, settings);
    }
}
