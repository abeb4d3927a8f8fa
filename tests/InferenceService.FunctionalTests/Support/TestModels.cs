using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Pipeline;

namespace InferenceService.FunctionalTests.Support;

/// <summary>Loads real models the way the service does, without the HTTP host.</summary>
public static class TestModels
{
    public static FamilyRecogniser Recogniser() => KnownFamilies.Recogniser();

    public static InferencePipeline Load(string directory) =>
        new ModelLoader(Recogniser()).Load(new InferenceOptions { ModelDir = directory, IntraOpThreads = 2 });

    /// <summary>A temporary model folder: the shared model's files linked in, plus the given extra files.</summary>
    public static TempModelDir CopyWith(string model, params (string Name, string Content)[] files) => new(model, files);
}

public sealed class TempModelDir : IDisposable
{
    public TempModelDir(string model, (string Name, string Content)[] files)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "issue3-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        foreach (var source in Directory.GetFiles(SharedAssets.Model(model)))
        {
            File.CreateSymbolicLink(System.IO.Path.Combine(Path, System.IO.Path.GetFileName(source)), source);
        }

        foreach (var (name, content) in files)
        {
            var target = System.IO.Path.Combine(Path, name);
            File.Delete(target);
            File.WriteAllText(target, content);
        }
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
