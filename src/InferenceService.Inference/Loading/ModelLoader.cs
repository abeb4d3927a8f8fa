using InferenceService.Imaging;
using InferenceService.Inference.Families;
using InferenceService.Inference.Labels;
using InferenceService.Inference.Manifest;
using InferenceService.Inference.Pipeline;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Loading;

/// <summary>Turns a model folder into a ready pipeline, or a <see cref="ModelLoadException"/> that says why not.</summary>
/// <param name="cores">The share of the cores the pipelines count their predictions in; the process's by default.</param>
public sealed class ModelLoader(FamilyRecogniser recogniser, CoreShare? cores = null) : IModelLoader
{
    private readonly CoreShare _cores = cores ?? CoreShare.Process;

    public InferencePipeline Load(InferenceOptions options, Action<string>? stage = null) => Load(options, stage, new LoadFindings());

    /// <summary>As <see cref="Load(InferenceOptions, Action{string})"/>, recording each step's result in <paramref name="findings"/>.</summary>
    public InferencePipeline Load(InferenceOptions options, Action<string>? stage, LoadFindings findings)
    {
        var directory = Path.GetFullPath(options.ModelDir);
        stage?.Invoke("looking for the .onnx file in " + directory);
        var modelPath = FindModelFile(directory);
        findings.ModelFile = modelPath;
        var reading = (string file) => stage?.Invoke("reading " + file);
        reading(Path.GetFileName(modelPath));

        ModelSessions sessions;
        ExecutionProvider provider;
        try
        {
            (sessions, provider) = SessionFactory.CreateAll(modelPath, options, _cores.Cores);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException($"{Path.GetFileName(modelPath)} is not a loadable ONNX model: {e.Message}", e);
        }

        try
        {
            var signature = ModelSignature.From(sessions.Shared);
            findings.Signature = signature;
            var manifest = ManifestLoader.Load(directory, reading);
            findings.Manifest = manifest;
            if (manifest is not null)
            {
                signature = ManifestInput.Describe(manifest, signature);
            }

            var task = manifest?.Task switch
            {
                "detection" => ModelTask.Detection,
                "classification" => ModelTask.Classification,
                _ => (ModelTask?)null,
            };
            var verdicts = recogniser.Examine(signature, manifest?.Family, task);
            findings.Verdicts = verdicts;
            var plan = recogniser.Choose(signature, verdicts, manifest?.Family, task);
            if (manifest is not null)
            {
                plan = ManifestApplier.Apply(manifest, plan);
            }

            findings.Plan = plan;

            var labels = LabelLoader.Load(directory, new LabelSources
            {
                ManifestFile = manifest?.Labels,
                PreferredFiles = plan.PreferredLabelFiles,
                Metadata = plan.MetadataLabels,
                IdOffset = manifest?.LabelIdOffset ?? 0,
            }, reading);
            findings.Labels = labels;
            CheckLabels(plan, labels);
            var limits = new ImageLimits { MaxPixels = options.MaxImagePixels };
            return new InferencePipeline(options.ModelName ?? ModelName(directory), sessions, plan, labels, limits)
            {
                // Switched off, a prediction is told one core even when alone, so its preprocessing stays on one too.
                Cores = options.LoneRequestAllCores ? _cores : new CoreShare(1),
                DefaultOptions = PredictionOptions.From(options, manifest),
                Manifest = manifest,
                ExecutionProvider = provider,
                MaxBatchSize = Math.Max(1, options.MaxBatchSize),
            };
        }
        catch
        {
            sessions.Dispose();
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

    /// <summary>Entries a label id offset moves below 0 (a leading "background" line) are not classes the model scores.</summary>
    private static void CheckLabels(ModelPlan plan, LabelSet labels)
    {
        var named = labels.Names.Keys.Count(id => id >= 0);
        if (plan.Decoder.ClassCount is { } classes && labels.Count > 0 && !labels.Source.EndsWith(".pbtxt", StringComparison.Ordinal) && named != classes)
        {
            throw new ModelLoadException(
                $"The labels file {labels.Source} names {named} classes but the model scores {classes}.")
            {
                // One name too many is usually a leading "background" line, which an offset of 1 skips.
                ManifestField = named == classes + 1 ? "label_id_offset" : "labels",
            };
        }
    }
}
