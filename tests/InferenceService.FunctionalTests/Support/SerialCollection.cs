namespace InferenceService.FunctionalTests.Support;

/// <summary>
/// Tests that measure the whole process (working set, CPU) run alone, after the parallel ones, so other
/// tests' allocations do not count against them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Process-wide measurements";
}
