using InferenceService.Inference.Labels;

namespace InferenceService.Inference.Postprocessing;

/// <summary>A classifier's answer: the most probable classes, without sorting the whole row.</summary>
public static class TopClasses
{
    /// <summary>
    /// The <paramref name="k"/> most probable classes the filter keeps, most probable first: one pass with an
    /// insertion into a list of at most k + 1, since k is small and the row may hold thousands of classes.
    /// </summary>
    public static List<Classification> Select(ReadOnlySpan<float> probabilities, int k, LabelSet labels, IReadOnlySet<string>? wanted)
    {
        if (k <= 0)
        {
            return [];
        }

        var top = new List<Classification>(k + 1);
        for (var id = 0; id < probabilities.Length; id++)
        {
            var probability = probabilities[id];
            if ((top.Count == k && probability <= top[^1].Probability) || !ClassFilter.Keeps(wanted, labels, id))
            {
                continue;
            }

            var at = top.Count;
            while (at > 0 && top[at - 1].Probability < probability)
            {
                at--;
            }

            top.Insert(at, new Classification(id, probability));
            if (top.Count > k)
            {
                top.RemoveAt(top.Count - 1);
            }
        }

        return top;
    }
}
