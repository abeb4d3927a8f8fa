using YamlDotNet.RepresentationModel;

namespace InferenceService.Deploy.Tests;

public sealed class SageMakerTemplateTests
{
    private static readonly YamlMappingNode Template = Yaml.Load(Repository.File("deploy", "sagemaker", "endpoint.yaml"));

    private static YamlNode Resource(string name) => Template.At("Resources", name);

    [Fact]
    public void Every_reference_names_a_parameter_resource_condition_or_pseudo_parameter() =>
        Assert.Empty(CloudFormationReferences.Unresolved(Template));

    [Fact]
    public void Reference_check_catches_a_dangling_ref_getatt_and_sub()
    {
        var broken = Yaml.LoadText("""
            Parameters: { A: { Type: String } }
            Resources:
              R:
                Type: AWS::S3::Bucket
                Properties:
                  X: !Ref Missing
                  Y: !GetAtt Nowhere.Arn
                  Z: !Sub "${A}-${Gone}-${AWS::Region}"
                  W: !Ref A
            """);
        var problems = CloudFormationReferences.Unresolved(broken);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("Missing"));
        Assert.Contains(problems, p => p.Contains("Nowhere"));
        Assert.Contains(problems, p => p.Contains("Gone"));
    }

    [Fact]
    public void Model_runs_the_image_on_the_model_archive_with_only_variables_the_service_reads()
    {
        var container = Resource("Model").At("Properties", "PrimaryContainer");
        Assert.Equal("!Ref", container.At("Image").TagText());
        Assert.Equal("ImageUri", container.At("Image").Text());
        Assert.Equal("ModelDataUrl", container.At("ModelDataUrl").Text());
        var variables = container.At("Environment").Keys().ToList();
        Assert.Contains("INFERENCE_DEVICE", variables);
        Assert.All(variables, v => Assert.Contains(v, Repository.KnownVariables));
    }

    [Fact]
    public void Endpoint_config_has_an_instance_variant_with_a_startup_timeout_and_a_serverless_alternative()
    {
        var variant = (YamlSequenceNode)((YamlSequenceNode)Resource("EndpointConfig").At("Properties", "ProductionVariants")).Children[0];
        Assert.Equal("!If", variant.TagText());
        Assert.Equal("IsServerless", variant.Children[0].Text());
        var serverless = variant.Children[1];
        Assert.Equal("ServerlessMemoryMB", serverless.At("ServerlessConfig", "MemorySizeInMB").Text());
        var provisioned = variant.Children[2];
        Assert.Equal("InstanceType", provisioned.At("InstanceType").Text());
        Assert.Equal("InitialInstanceCount", provisioned.At("InitialInstanceCount").Text());
        Assert.Equal("StartupHealthCheckTimeout", provisioned.At("ContainerStartupHealthCheckTimeoutInSeconds").Text());
        var timeout = Template.At("Parameters", "StartupHealthCheckTimeout");
        Assert.Equal("60", timeout.At("MinValue").Text());
        Assert.Equal("3600", timeout.At("MaxValue").Text());
    }

    [Fact]
    public void Autoscaling_tracks_invocations_per_instance_between_the_min_and_max_parameters()
    {
        var target = Resource("ScalableTarget");
        Assert.Equal("AWS::ApplicationAutoScaling::ScalableTarget", target.At("Type").Text());
        Assert.Equal("sagemaker:variant:DesiredInstanceCount", target.At("Properties", "ScalableDimension").Text());
        Assert.Equal("MinInstances", target.At("Properties", "MinCapacity").Text());
        Assert.Equal("MaxInstances", target.At("Properties", "MaxCapacity").Text());
        Assert.Contains("${Endpoint.EndpointName}/variant/AllTraffic", target.At("Properties", "ResourceId").Text());

        var policy = Resource("ScalingPolicy").At("Properties");
        Assert.Equal("TargetTrackingScaling", policy.At("PolicyType").Text());
        Assert.Equal("ScalableTarget", policy.At("ScalingTargetId").Text());
        var tracking = policy.At("TargetTrackingScalingPolicyConfiguration");
        Assert.Equal("SageMakerVariantInvocationsPerInstance", tracking.At("PredefinedMetricSpecification", "PredefinedMetricType").Text());
        Assert.Equal("TargetInvocationsPerInstance", tracking.At("TargetValue").Text());
    }

    [Fact]
    public void The_role_is_created_only_when_none_is_given_and_serverless_skips_autoscaling()
    {
        Assert.Equal("CreateRole", Resource("ExecutionRole").At("Condition").Text());
        Assert.Equal("IsProvisioned", Resource("ScalableTarget").At("Condition").Text());
        Assert.Equal("IsProvisioned", Resource("ScalingPolicy").At("Condition").Text());
        var role = Resource("Model").At("Properties", "ExecutionRoleArn");
        Assert.Equal("!If", role.TagText());
    }

    [Fact]
    public void Deploy_script_builds_pushes_packs_uploads_deploys_waits_and_invokes()
    {
        var script = Repository.Read("deploy", "sagemaker", "deploy.sh");
        string[] steps = ["docker build", "docker push", "tar -C", "aws s3 cp", "aws cloudformation deploy", "aws sagemaker wait endpoint-in-service", "aws sagemaker-runtime invoke-endpoint"];
        var positions = steps.Select(s => script.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("endpoint.yaml", script);
    }

    [Fact]
    public void Multi_model_variant_switches_the_container_mode_and_may_read_every_archive_under_the_prefix()
    {
        var mode = (YamlSequenceNode)Resource("Model").At("Properties", "PrimaryContainer", "Mode");
        Assert.Equal("!If", mode.TagText());
        Assert.Equal(["IsMultiModel", "MultiModel", "SingleModel"], mode.Children.Select(c => c.Text()));
        Assert.Equal("false", Template.At("Parameters", "MultiModel", "Default").Text());

        var rule = Template.At("Rules", "MultiModelNeedsInstances");
        var assertion = (YamlSequenceNode)((YamlSequenceNode)rule.At("Assertions")).Children[0].At("Assert");
        Assert.Equal("!Equals", assertion.TagText());
        Assert.Equal(["Serverless", "false"], assertion.Children.Select(c => c.Text()));

        var read = ((YamlSequenceNode)Resource("ExecutionRole").At("Properties", "Policies")).Children[0].At("PolicyDocument", "Statement");
        var objects = (YamlSequenceNode)((YamlSequenceNode)((YamlSequenceNode)read).Children[0].At("Resource")).Children[1].At("Objects");
        Assert.Equal(["IsMultiModel", "*", ""], objects.Children.Select(c => c.Text()));
    }

    [Fact]
    public void Deploy_script_packs_one_archive_per_model_and_invokes_the_multi_model_endpoint_with_a_target_model()
    {
        var script = Repository.Read("deploy", "sagemaker", "deploy.sh");
        Assert.Contains("MultiModel=\"$multi_model\"", script);
        Assert.Contains("target=(--target-model \"$archive\")", script);
        Assert.Contains("invoke-endpoint --endpoint-name \"$endpoint\" \"${target[@]}\"", script);
    }
}
