namespace InferenceService.Hosting;

/// <summary>What <c>inspect</c> was asked: the model folder, the images to run, and the output form.</summary>
public sealed record InspectArguments(string ModelDir, IReadOnlyList<string> Images, bool Json);

/// <summary>
/// The SageMaker entry contract: the image is started as <c>IMAGE serve</c> (or <c>IMAGE train</c>, which this
/// image refuses); <c>IMAGE inspect DIR</c> reports how a folder would be served instead of serving it. Options
/// become configuration so they bind like everything else.
/// </summary>
public sealed record CommandLine(int? ExitCode, IReadOnlyDictionary<string, string?> Settings, InspectArguments? Inspect = null)
{
    public const string Usage = """
        usage: InferenceService [serve] [--model-dir DIR]
               InferenceService inspect DIR [IMAGE ...] [--json]
          serve            start the inference server (the default)
          inspect DIR      say how DIR would be served, run any IMAGEs; exit 0 when servable, 3 when not
          --model-dir DIR  folder holding model.onnx and its labels (default /opt/ml/model, or MODEL_DIR)
          --json           inspect: one JSON document instead of text
          --KEY=VALUE      any configuration key, e.g. --Inference:ConfidenceThreshold=0.5
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
                case "inspect" when i == 0:
                    return ParseInspect(args, stdout, stderr);
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

            if (!TryAddSetting(arg, settings))
            {
                return Refuse(arg, settings, stderr);
            }
        }

        return new CommandLine(null, settings);
    }

    /// <summary><c>inspect DIR [IMAGE ...] [--json] [--KEY=VALUE ...]</c>: the first plain argument is the folder.</summary>
    private static CommandLine ParseInspect(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var settings = new Dictionary<string, string?>();
        var paths = new List<string>();
        var json = false;
        foreach (var arg in args.Skip(1))
        {
            if (arg is "--help" or "-h")
            {
                stdout.WriteLine(Usage);
                return new CommandLine(0, settings);
            }

            if (arg == "--json")
            {
                json = true;
            }
            else if (!arg.StartsWith('-'))
            {
                paths.Add(arg);
            }
            else if (!TryAddSetting(arg, settings))
            {
                return Refuse(arg, settings, stderr);
            }
        }

        if (paths.Count == 0)
        {
            stderr.WriteLine("inspect needs the model folder: inspect DIR [IMAGE ...] [--json].");
            stderr.WriteLine(Usage);
            return new CommandLine(2, settings);
        }

        return new CommandLine(null, settings, new InspectArguments(paths[0], paths[1..], json));
    }

    /// <summary>.NET's command-line configuration form; the in-process test host passes its settings this way too.</summary>
    private static bool TryAddSetting(string arg, Dictionary<string, string?> settings)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is > 2 and var equals)
        {
            settings[arg[2..equals]] = arg[(equals + 1)..];
            return true;
        }

        return false;
    }

    private static CommandLine Refuse(string arg, Dictionary<string, string?> settings, TextWriter stderr)
    {
        stderr.WriteLine($"Unknown argument '{arg}'.");
        stderr.WriteLine(Usage);
        return new CommandLine(2, settings);
    }
}
