using k8s;
using k8s.Models;

namespace InferenceService.Deploy.Tests;

public sealed class KubernetesTests
{
    private static T Load<T>(params string[] path) => KubernetesYaml.Deserialize<T>(Repository.Read(["deploy", "kubernetes", .. path]));

    private static readonly V1Deployment Deployment = Load<V1Deployment>("base", "deployment.yaml");

    private static V1Container Container => Deployment.Spec.Template.Spec.Containers.Single();

    [Fact]
    public void Kustomization_lists_files_that_exist()
    {
        foreach (var folder in new[] { "base", "overlays/gpu" })
        {
            var kustomization = Yaml.Load(Repository.File("deploy", "kubernetes", folder, "kustomization.yaml"));
            var listed = ((YamlDotNet.RepresentationModel.YamlSequenceNode)kustomization.At("resources")).Select(n => n.Text())
                .Concat(((YamlDotNet.RepresentationModel.YamlSequenceNode?)kustomization.Find("patches"))?.Select(p => p.At("path").Text()) ?? []);
            Assert.All(listed, file => Assert.True(Path.Exists(Repository.File("deploy", "kubernetes", folder, file)), $"{folder}/{file}"));
        }
    }

    [Fact]
    public void Probes_wait_for_ping_with_a_startup_window_sized_for_model_load()
    {
        Assert.Equal("/ping", Container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/ping", Container.StartupProbe.HttpGet.Path);
        Assert.NotNull(Container.LivenessProbe);
        var startupWindow = Container.StartupProbe.PeriodSeconds * Container.StartupProbe.FailureThreshold;
        Assert.InRange(startupWindow ?? 0, 120, 900);
        Assert.Equal(8080, Container.Ports.Single().ContainerPort);
    }

    [Fact]
    public void Pod_runs_as_uid_1654_non_root_on_a_read_only_root()
    {
        var pod = Deployment.Spec.Template.Spec.SecurityContext;
        Assert.True(pod.RunAsNonRoot);
        Assert.Equal(1654, pod.RunAsUser);
        Assert.True(Container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(Container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Contains(Container.VolumeMounts, m => m.MountPath == "/tmp");
    }

    [Fact]
    public void Model_comes_read_only_from_a_volume_and_resources_are_set()
    {
        var mount = Container.VolumeMounts.Single(m => m.MountPath == "/opt/ml/model");
        Assert.True(mount.ReadOnlyProperty);
        Assert.Contains(Deployment.Spec.Template.Spec.Volumes, v => v.Name == mount.Name);
        Assert.NotNull(Container.Resources.Requests["cpu"]);
        Assert.NotNull(Container.Resources.Limits["memory"]);
        Assert.All(Container.Env, e => Assert.Contains(e.Name, Repository.KnownVariables));
    }

    [Fact]
    public void Service_hpa_and_pdb_point_at_the_deployment_and_its_pods()
    {
        var labels = Deployment.Spec.Template.Metadata.Labels;
        var service = Load<V1Service>("base", "service.yaml");
        Assert.All(service.Spec.Selector, s => Assert.Equal(s.Value, labels[s.Key]));
        Assert.Equal("http", service.Spec.Ports.Single().TargetPort.Value);

        var hpa = Load<V2HorizontalPodAutoscaler>("base", "hpa.yaml");
        Assert.Equal(Deployment.Metadata.Name, hpa.Spec.ScaleTargetRef.Name);
        Assert.Equal("Deployment", hpa.Spec.ScaleTargetRef.Kind);
        Assert.True(hpa.Spec.MaxReplicas > hpa.Spec.MinReplicas);

        var pdb = Load<V1PodDisruptionBudget>("base", "pdb.yaml");
        Assert.All(pdb.Spec.Selector.MatchLabels, s => Assert.Equal(s.Value, labels[s.Key]));
        Assert.True(pdb.Spec.MinAvailable.Value is not null && int.Parse(pdb.Spec.MinAvailable.Value, System.Globalization.CultureInfo.InvariantCulture) < hpa.Spec.MinReplicas);
    }

    [Fact]
    public void Gpu_overlay_requests_an_nvidia_gpu_and_requires_cuda()
    {
        var patch = Load<V1Deployment>("overlays", "gpu", "gpu-deployment.yaml");
        Assert.Equal(Deployment.Metadata.Name, patch.Metadata.Name);
        var container = patch.Spec.Template.Spec.Containers.Single();
        Assert.Equal(Container.Name, container.Name);
        Assert.Equal("1", container.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("cuda", container.Env.Single(e => e.Name == "INFERENCE_DEVICE").Value);
    }
}
