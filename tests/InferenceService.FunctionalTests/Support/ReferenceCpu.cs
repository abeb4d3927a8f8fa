using System.Runtime.Intrinsics.X86;

namespace InferenceService.FunctionalTests.Support;

/// <summary>
/// Whether this CPU takes the ONNX Runtime int8 path the classifier references were made on: x86-64 with AVX2 and no
/// VNNI. There MLAS multiplies u8×s8 with VPMADDUBSW, whose 16-bit pair sums saturate; with AVX-VNNI or AVX512-VNNI
/// it uses the exact VPDPBUSD and the int8 models' logits come out 25-40% larger. Read from CPUID, the instruction
/// MLAS itself asks, so that an emulated CPU (<c>qemu-x86_64 -cpu Haswell</c>, see docs/int8-classifier-note.md) counts as what it emulates.
/// </summary>
public static class ReferenceCpu
{
    /// <summary>Why the int8 references cannot be met on this CPU, or null when it takes their path.</summary>
    public static string? SkipReason { get; } = Detect();

    private static string? Detect()
    {
        if (!X86Base.IsSupported)
        {
            return "Not an x86-64 CPU: the int8 classifier references come from ONNX Runtime's x86 AVX2 kernels (see docs/int8-classifier-note.md).";
        }

        var (_, leaf7Ebx, leaf7Ecx, _) = X86Base.CpuId(7, 0);
        var (leaf7Sub1Eax, _, _, _) = X86Base.CpuId(7, 1);
        var avx2 = (leaf7Ebx & (1 << 5)) != 0;
        var avx512Vnni = (leaf7Ecx & (1 << 11)) != 0;
        var avxVnni = (leaf7Sub1Eax & (1 << 4)) != 0;
        if (!avx2)
        {
            return "This CPU has no AVX2: the int8 classifier references come from ONNX Runtime's AVX2 (non-VNNI) kernels (see docs/int8-classifier-note.md).";
        }

        return avx512Vnni || avxVnni
            ? $"This CPU has VNNI ({(avx512Vnni ? "avx512_vnni" : "avx_vnni")}), whose exact int8 kernels give logits 25-40% larger than reference-output.txt's, which come from an AVX2 CPU without VNNI; run it under `qemu-x86_64 -cpu Haswell` (see docs/int8-classifier-note.md)."
            : null;
    }
}

/// <summary>
/// A theory that compares int8 results with references made on an AVX2 CPU without VNNI: skipped, with the reason,
/// when <c>../shared</c> is absent or this CPU's int8 kernels differ.
/// </summary>
public sealed class ReferenceCpuTheoryAttribute : TheoryAttribute
{
    public ReferenceCpuTheoryAttribute()
    {
        Skip = SharedAssets.SkipReason ?? ReferenceCpu.SkipReason;
    }
}
