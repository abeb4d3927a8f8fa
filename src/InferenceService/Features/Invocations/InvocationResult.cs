// Every answer /invocations gives, spelled once: the handler, the single-image path, the batch path and the
// responder all return it.
global using InvocationResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<InferenceService.Features.Invocations.PredictionResponse>,
    Microsoft.AspNetCore.Http.HttpResults.Ok<InferenceService.Features.Invocations.SageMakerDetectionResponse>,
    Microsoft.AspNetCore.Http.HttpResults.Ok<InferenceService.Features.Invocations.SageMakerClassificationResponse>,
    Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;
