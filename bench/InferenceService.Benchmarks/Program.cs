using BenchmarkDotNet.Running;
using InferenceService.Benchmarks;

// Modes used by bench/run.sh; `micro` runs the BenchmarkDotNet suites.
return args.FirstOrDefault() switch
{
    "ceiling" => Ceiling.Run(args[1..]),
    "decode-cpu" => DecodeCost.Run(args[1..]),
    "make-large" => LargeImage.Run(args[1..]),
    "micro" => RunMicro(args[1..]),
    _ => Usage(),
};

static int RunMicro(string[] rest)
{
    BenchmarkSwitcher.FromAssembly(typeof(Ceiling).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: InferenceService.Benchmarks ceiling MODEL_DIR IMAGE SECONDS CONCURRENCY...
               InferenceService.Benchmarks decode-cpu MODEL_DIR IMAGE ITERATIONS
               InferenceService.Benchmarks make-large IN OUT WIDTH HEIGHT
               InferenceService.Benchmarks micro [BenchmarkDotNet arguments]
        """);
    return 2;
}
