using YamlDotNet.RepresentationModel;

namespace InferenceService.Deploy.Tests;

public sealed class LambdaTemplateTests
{
    private static readonly YamlMappingNode Template = Yaml.Load(Repository.File("deploy", "lambda", "template.yaml"));

    private static YamlNode Function => Template.At("Resources", "InferenceFunction");

    [Fact]
    public void Every_reference_resolves_including_the_url_sam_generates() =>
        Assert.Empty(CloudFormationReferences.Unresolved(Template,
            new Dictionary<string, IReadOnlyList<string>> { ["InferenceFunction"] = ["InferenceFunctionUrl"] }));

    [Fact]
    public void Function_is_an_image_with_memory_a_timeout_within_lambdas_limit_and_a_function_url()
    {
        Assert.Equal("AWS::Serverless::Function", Function.At("Type").Text());
        var properties = Function.At("Properties");
        Assert.Equal("Image", properties.At("PackageType").Text());
        Assert.Equal("MemorySize", properties.At("MemorySize").Text());
        var timeout = int.Parse(properties.At("Timeout").Text(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(timeout, 30, 900);
        Assert.NotNull(properties.Find("FunctionUrlConfig", "AuthType"));
        Assert.Equal("AWS::Serverless-2016-10-31", Template.At("Transform").Text());
    }

    [Fact]
    public void Environment_sets_the_adapter_readiness_check_on_ping_and_port_8080_and_only_known_variables()
    {
        var variables = (YamlMappingNode)Function.At("Properties", "Environment", "Variables");
        Assert.Equal("/ping", variables.At("AWS_LWA_READINESS_CHECK_PATH").Text());
        Assert.Equal("8080", variables.At("AWS_LWA_PORT").Text());
        Assert.All(variables.Keys(), v => Assert.True(Repository.KnownVariables.Contains(v) || Repository.IsLambdaAdapterVariable(v), v));
    }

    [Fact]
    public void Image_adds_the_adapter_extension_and_bakes_the_model_from_the_sam_build_context()
    {
        var metadata = Function.At("Metadata");
        var context = Path.Combine(Repository.File("deploy", "lambda"), metadata.At("DockerContext").Text());
        var dockerfile = File.ReadAllText(Path.Combine(context, metadata.At("Dockerfile").Text()));
        Assert.Contains("public.ecr.aws/awsguru/aws-lambda-adapter", dockerfile);
        Assert.Contains("COPY --from=adapter /lambda-adapter /opt/extensions/lambda-adapter", dockerfile);
        Assert.Contains("COPY model/ /opt/ml/model/", dockerfile);
        Assert.True(Directory.Exists(Path.Combine(context, "model")));
        Assert.Contains("AWS_LWA_READINESS_CHECK_PATH=/ping", dockerfile);
    }
}
