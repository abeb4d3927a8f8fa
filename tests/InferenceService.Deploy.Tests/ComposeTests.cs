using YamlDotNet.RepresentationModel;

namespace InferenceService.Deploy.Tests;

public sealed class ComposeTests
{
    private static readonly YamlMappingNode Compose = Yaml.Load(Repository.File("docker-compose.yml"));

    public static TheoryData<string> Services => new() { "inference", "inference-gpu" };

    [Fact]
    public void Cpu_service_runs_by_default_and_the_gpu_service_only_in_its_profile()
    {
        Assert.Null(Compose.Find("services", "inference", "profiles"));
        Assert.Equal(["gpu"], ((YamlSequenceNode)Compose.At("services", "inference-gpu", "profiles")).Select(n => n.Text()));
        Assert.Equal("Dockerfile", Compose.At("services", "inference", "build", "dockerfile").Text());
        Assert.Equal("Dockerfile.gpu", Compose.At("services", "inference-gpu", "build", "dockerfile").Text());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Service_publishes_8080_mounts_the_model_read_only_on_a_read_only_root_with_tmpfs(string name)
    {
        var service = Compose.At("services", name);
        Assert.Contains("8080:8080", ((YamlSequenceNode)service.At("ports")).Select(p => p.Text()));
        var model = ((YamlSequenceNode)service.At("volumes")).Single(v => v.At("target").Text() == "/opt/ml/model");
        Assert.Equal("true", model.At("read_only").Text());
        Assert.Equal("true", service.At("read_only").Text());
        Assert.Contains("/tmp", ((YamlSequenceNode)service.At("tmpfs")).Select(t => t.Text()));
        Assert.Equal("unless-stopped", service.At("restart").Text());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Healthcheck_asks_ping_for_200_and_waits_for_the_model_to_load(string name)
    {
        var healthcheck = Compose.At("services", name, "healthcheck");
        var test = string.Join(' ', ((YamlSequenceNode)healthcheck.At("test")).Select(t => t.Text()));
        Assert.Contains("GET /ping", test);
        Assert.Contains(" 200 ", test);
        Assert.NotNull(healthcheck.Find("start_period"));
        // deploy/test-container.sh runs this exact command inside the built image.
        Assert.Contains($"healthcheck=\"{((YamlSequenceNode)healthcheck.At("test")).Children[3].Text()}\"", Repository.Read("deploy", "test-container.sh"));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Environment_holds_only_variables_the_service_reads(string name) =>
        Assert.All(Compose.At("services", name, "environment").Keys(), v => Assert.Contains(v, Repository.KnownVariables));

    [Fact]
    public void Gpu_service_reserves_an_nvidia_gpu_and_requires_cuda()
    {
        var gpu = Compose.At("services", "inference-gpu");
        var device = ((YamlSequenceNode)gpu.At("deploy", "resources", "reservations", "devices")).Single();
        Assert.Equal("nvidia", device.At("driver").Text());
        Assert.Contains("gpu", ((YamlSequenceNode)device.At("capabilities")).Select(c => c.Text()));
        Assert.Equal("cuda", gpu.At("environment", "INFERENCE_DEVICE").Text());
    }
}
