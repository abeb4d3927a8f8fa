using InferenceService.Inference.Pipeline;

namespace InferenceService.Model;

/// <summary>
/// The pipeline a request runs on: the registry's model its route names, when a lease filter put one on the request
/// (/models/{name}/invoke), else the single model (/invocations). One handler serves both.
/// </summary>
public static class ServedModel
{
    public static void Set(HttpContext http, RegisteredModel model) => http.Features.Set(model);

    public static InferencePipeline For(HttpContext http, ModelState state) =>
        http.Features.Get<RegisteredModel>()?.Pipeline ?? state.ReadyPipeline;
}
