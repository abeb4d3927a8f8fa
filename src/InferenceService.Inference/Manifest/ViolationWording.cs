using Json.Schema;

namespace InferenceService.Inference.Manifest;

/// <summary>
/// JsonSchema.Net's messages in the voice the service's problems use, "must …", naming the allowed values (the
/// library's stock enum message does not). These templates are JsonSchema.Net's own customisation point, set once
/// for the process; tokens such as <c>[[received]]</c> are filled in as JSON.
/// </summary>
internal static class ViolationWording
{
    public const string FalseSchema = "is not allowed here";

    public static void Apply()
    {
        ErrorMessages.Type = "must be [[expected]], not [[received]]";
        ErrorMessages.Enum = "must be one of [[values]], not [[received]]";
        ErrorMessages.Const = "must be [[value]]";
        ErrorMessages.Minimum = "must be at least [[limit]], not [[received]]";
        ErrorMessages.Maximum = "must be at most [[limit]], not [[received]]";
        ErrorMessages.ExclusiveMinimum = "must be greater than [[limit]], not [[received]]";
        ErrorMessages.ExclusiveMaximum = "must be less than [[limit]], not [[received]]";
        ErrorMessages.MultipleOf = "must be a multiple of [[divisor]], not [[received]]";
        ErrorMessages.MinItems = "must have at least [[limit]] items, not [[received]]";
        ErrorMessages.MaxItems = "must have at most [[limit]] items, not [[received]]";
        ErrorMessages.MinLength = "must have at least [[limit]] characters";
        ErrorMessages.MaxLength = "must have at most [[limit]] characters";
        ErrorMessages.Required = "must have the fields [[missing]]";
        ErrorMessages.FalseSchema = FalseSchema;
    }
}
