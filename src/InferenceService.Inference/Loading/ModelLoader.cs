using InferenceService.Imaging;
using InferenceService.Inference.Families;
using InferenceService.Inference.Labels;
using InferenceService.Inference.Pipeline;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Loading;

/// <summary>Turns a model folder into a ready pipeline, or a <see cref="ModelLoadException"/> that says why not.</summary>
public sealed class ModelLoader(FamilyRecogniser recogniser) : IModelLoader
{
    public InferencePipeline Load(InferenceOptions options)
    {
        var directory = Path.GetFullPath(options.ModelDir);
        var modelPath = FindModelFile(directory);

        InferenceSession session;
        ExecutionProvider provider;
        try
        {
            (session, provider) = SessionFactory.Create(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException($"{Path.GetFileName(modelPath)} is not a loadable ONNX model: {e.Message}", e);
        }

        try
        {
            var signature = ModelSignature.From(session);
            var plan = recogniser.Recognise(signature);
            var labels = LabelLoader.Load(directory);
            CheckLabels(plan, labels);
            var limits = new ImageLimits { MaxPixels = options.MaxImagePixels };
            return new InferencePipeline(ModelName(directory), session, plan, labels, limits) { ExecutionProvider = provider };
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary><c>model.onnx</c>, or the single <c>*.onnx</c> in the folder.</summary>
    public static string FindModelFile(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ModelLoadException($"The model folder {directory} does not exist. Mount the model there or set MODEL_DIR.");
        }

        var preferred = Path.Combine(directory, "model.onnx");
        if (File.Exists(preferred))
        {
            return preferred;
        }

        var candidates = Directory.GetFiles(directory, "*.onnx");
        return candidates.Length switch
        {
            1 => candidates[0],
            0 => throw new ModelLoadException($"The model folder {directory} holds no .onnx file."),
            _ => throw new ModelLoadException(
                $"The model folder {directory} holds {candidates.Length} .onnx files ({string.Join(", ", candidates.Select(Path.GetFileName))}); name the one to serve model.onnx."),
        };
    }

    /// <summary>The name responses report: the model folder's, or the parent's when SageMaker's generic "model" is used.</summary>
    private static string ModelName(string directory)
    {
        var name = Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar));
        return string.IsNullOrEmpty(name) ? "model" : name;
    }

    private static void CheckLabels(ModelPlan plan, LabelSet labels)
    {
        if (plan.Decoder.ClassCount is { } classes && labels.Count > 0 && labels.Source != "label_map.pbtxt" && labels.Count != classes)
        {
            throw new ModelLoadException(
                $"The labels file {labels.Source} names {labels.Count} classes but the model scores {classes}.");
        }
    }
}
