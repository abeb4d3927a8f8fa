namespace InferenceService.Inference.Postprocessing;

/// <summary>One class of a classifier's answer: the model's class id and its probability.</summary>
public readonly record struct Classification(int ClassId, float Probability);
