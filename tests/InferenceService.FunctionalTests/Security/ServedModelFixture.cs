using InferenceService.FunctionalTests.Support;
using Serilog.Core;

namespace InferenceService.FunctionalTests.Security;

/// <summary>One host serving YOLOX-Nano for a whole test class, with a 1 MB body limit so over-limit cases are cheap.</summary>
public sealed class ServedModelFixture : ModelHost
{
    public const long MaxBodyBytes = 1024 * 1024;

    public ServedModelFixture()
        : this(new CapturedLog())
    {
    }

    private ServedModelFixture(CapturedLog log)
        : base(() => ServiceHost.Serving("yolox-nano", ("Server:MaxBodyBytes", MaxBodyBytes.ToString()), ("Server:Workers", "2"))
            .WithServices(services => services.AddSingleton<ILogEventSink>(log)))
    {
        Log = log;
    }

    /// <summary>Everything the host logs.</summary>
    public CapturedLog Log { get; }
}
