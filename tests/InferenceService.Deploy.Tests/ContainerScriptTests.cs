using System.Text.RegularExpressions;
using InferenceService.Model;

namespace InferenceService.Deploy.Tests;

/// <summary>deploy/test-container.sh runs the images with settings of its own: they must be ones the service reads.</summary>
public sealed class ContainerScriptTests
{
    private static readonly string Script = Repository.Read("deploy", "test-container.sh");

    [Fact]
    public void Every_variable_the_script_passes_a_container_is_one_the_service_reads()
    {
        var variables = Regex.Matches(Script, @"-e ([A-Z_][A-Z0-9_]*)=").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("SAGEMAKER_MULTI_MODEL", variables);
        Assert.All(variables, v => Assert.Contains(v, Repository.KnownVariables));
    }

    [Fact]
    public void Multi_model_step_mounts_its_models_read_only_where_the_service_looks_by_default()
    {
        var root = new MultiModelOptions().Root;
        Assert.Contains($"mount=\"$models_dir:{root}:ro\"", Script);
        Assert.Contains($"\\\"url\\\": \\\"{root}/$1\\\"", Script);
    }
}
