using InferenceService.Hosting;

namespace InferenceService.UnitTests.Unit;

public sealed class CommandLineTests
{
    private static (CommandLine Result, string Out, string Err) Parse(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        return (CommandLine.Parse(args, stdout, stderr), stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Serve_and_no_argument_both_serve()
    {
        Assert.Null(Parse("serve").Result.ExitCode);
        Assert.Null(Parse().Result.ExitCode);
    }

    [Fact]
    public void Train_exits_2_with_one_line_saying_the_image_only_serves()
    {
        var (result, _, err) = Parse("train");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("only serves", err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("serve", "--bogus")]
    [InlineData("serve", "serve")]
    [InlineData("--model-dir")]
    public void Unknown_arguments_print_usage_and_exit_2(params string[] args)
    {
        var (result, _, err) = Parse(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage:", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_dir_and_configuration_keys_become_settings()
    {
        var (spaced, _, _) = Parse("serve", "--model-dir", "/models/a");
        var (joined, _, _) = Parse("--model-dir=/models/b", "--Inference:ConfidenceThreshold=0.5");
        Assert.Equal("/models/a", spaced.Settings["Inference:ModelDir"]);
        Assert.Equal("/models/b", joined.Settings["Inference:ModelDir"]);
        Assert.Equal("0.5", joined.Settings["Inference:ConfidenceThreshold"]);
    }

    [Fact]
    public void Help_prints_usage_and_exits_0()
    {
        var (result, stdout, _) = Parse("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("usage:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_takes_the_folder_then_images_json_and_configuration_keys()
    {
        var (result, _, _) = Parse("inspect", "/models/a", "dog.jpg", "--json", "cat.jpg", "--Inference:TopK=3");
        Assert.Null(result.ExitCode);
        Assert.Equal("/models/a", result.Inspect!.ModelDir);
        Assert.Equal(["dog.jpg", "cat.jpg"], result.Inspect.Images);
        Assert.True(result.Inspect.Json);
        Assert.Equal("3", result.Settings["Inference:TopK"]);
    }

    [Theory]
    [InlineData("inspect")]
    [InlineData("inspect", "--json")]
    [InlineData("inspect", "/models/a", "--bogus")]
    public void Inspect_without_a_folder_or_with_an_unknown_option_prints_usage_and_exits_2(params string[] args)
    {
        var (result, _, err) = Parse(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage:", err, StringComparison.Ordinal);
    }
}
