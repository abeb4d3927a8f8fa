namespace InferenceService.Inference.Families;

public enum ModelTask
{
    Detection,
    Classification,
}
