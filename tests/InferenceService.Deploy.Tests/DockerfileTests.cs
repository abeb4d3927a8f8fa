namespace InferenceService.Deploy.Tests;

/// <summary>What deploy/test-container.sh cannot see on a build that succeeds: lines that must stay in step with the repo.</summary>
public sealed class DockerfileTests
{
    public static TheoryData<string> Dockerfiles => new() { "Dockerfile", "Dockerfile.gpu" };

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Restore_layer_copies_every_project_the_service_references(string dockerfile)
    {
        var text = Repository.Read(dockerfile);
        foreach (var project in ServiceProjects())
        {
            var relative = Path.GetRelativePath(Repository.Root, project).Replace('\\', '/');
            Assert.Contains($"COPY {relative} ", text);
        }
    }

    /// <summary>The host project and every project it references, transitively.</summary>
    private static IEnumerable<string> ServiceProjects()
    {
        var pending = new Stack<string>([Repository.File("src/InferenceService/InferenceService.csproj")]);
        var seen = new HashSet<string>();
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(Path.GetFullPath(project)))
            {
                continue;
            }

            var references = System.Xml.Linq.XDocument.Load(project).Descendants("ProjectReference")
                .Select(r => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, r.Attribute("Include")!.Value.Replace('\\', '/'))));
            foreach (var reference in references)
            {
                pending.Push(reference);
            }
        }

        return seen;
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Image_serves_as_uid_1654_on_8080_with_the_sagemaker_labels_and_exec_form_entrypoint(string dockerfile)
    {
        var text = Repository.Read(dockerfile);
        Assert.Contains("USER 1654:1654", text);
        Assert.Contains("EXPOSE 8080", text);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/InferenceService.dll\"]", text);
        Assert.Contains("CMD [\"serve\"]", text);
        Assert.Contains("com.amazonaws.sagemaker.capabilities.accept-bind-to-port=true", text);
        // CreateEndpoint refuses Mode: MultiModel on an image without it.
        Assert.Contains("com.amazonaws.sagemaker.capabilities.multi-models=true", text);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Image_limits_glibc_to_two_malloc_arenas_from_process_start(string dockerfile)
    {
        // The app's own mallopt comes after the runtime's threads made their arenas: only the variable holds from the
        // start, and with more arenas an unloaded model's memory stays counted (docs/performance.md, Many models).
        Assert.Matches(@"(?m)^ENV (.*\\\n)*\s+MALLOC_ARENA_MAX=2 ", Repository.Read(dockerfile));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Runtime_stage_installs_TurboJPEG_under_its_Debian_or_Ubuntu_name_before_dropping_root(string dockerfile)
    {
        // Without it the service still serves, on Skia's slower decoder: only this check would notice.
        var text = Repository.Read(dockerfile);
        var runtime = text[text.IndexOf(" AS runtime", StringComparison.Ordinal)..];
        var install = runtime.IndexOf("apt-get install -y --no-install-recommends libturbojpeg0 ||", StringComparison.Ordinal);
        Assert.True(install > 0, $"{dockerfile}: the runtime stage does not install libturbojpeg0");
        Assert.Contains("apt-get install -y --no-install-recommends libturbojpeg)", runtime);
        Assert.True(install < runtime.IndexOf("USER 1654:1654", StringComparison.Ordinal), $"{dockerfile}: libturbojpeg is installed after USER");
    }

    [Fact]
    public void Gpu_image_builds_the_cuda_package_on_the_cuda_13_and_cudnn_base_it_links_against_and_requires_cuda()
    {
        // Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0 links libcudart.so.13 and libcublas.so.13 (seen with readelf):
        // a CUDA 12 base would load no provider at all.
        Assert.Contains("<PackageVersion Include=\"Microsoft.ML.OnnxRuntime.Gpu.Linux\" Version=\"1.31.0\" />", Repository.Read("Directory.Packages.props"));
        var text = Repository.Read("Dockerfile.gpu");
        Assert.Matches(@"ARG CUDA_IMAGE=nvidia/cuda:13\.\d+\.\d+-cudnn-runtime-", text);
        Assert.Contains("ARG INFERENCE_DEVICE_BUILD=gpu", text);
        Assert.Contains("-p:InferenceDevice=${INFERENCE_DEVICE_BUILD}", text);
        Assert.Contains("INFERENCE_DEVICE=cuda", text);
    }

    [Fact]
    public void Docker_context_leaves_out_build_outputs_tests_and_git()
    {
        var ignored = Repository.Read(".dockerignore").Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("tests/", ignored);
        Assert.Contains(".git/", ignored);
    }
}
