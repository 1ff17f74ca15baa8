namespace Guardrail.Training;

/// <summary>Binary classification metrics over scores in [0, 1] (positive = harmful).</summary>
internal static class Metrics
{
    /// <summary>Area under the ROC curve by the rank statistic (ties count half); NaN without both classes.</summary>
    public static double Auc(IReadOnlyList<(double Score, bool Positive)> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var sorted = samples.OrderBy(s => s.Score).ToArray();
        long positives = sorted.Count(s => s.Positive);
        long negatives = sorted.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        double rankSum = 0;
        var i = 0;
        while (i < sorted.Length)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1].Score == sorted[i].Score)
            {
                j++;
            }

            var averageRank = ((i + j) / 2.0) + 1;
            for (var k = i; k <= j; k++)
            {
                if (sorted[k].Positive)
                {
                    rankSum += averageRank;
                }
            }

            i = j + 1;
        }

        return (rankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>Counts at <paramref name="threshold"/> (a score at or above it is flagged).</summary>
    public static (int TruePositives, int Positives, int FalsePositives, int Negatives) At(IReadOnlyList<(double Score, bool Positive)> samples, double threshold)
    {
        ArgumentNullException.ThrowIfNull(samples);
        int tp = 0, p = 0, fp = 0, n = 0;
        foreach (var (score, positive) in samples)
        {
            if (positive)
            {
                p++;
                tp += score >= threshold ? 1 : 0;
            }
            else
            {
                n++;
                fp += score >= threshold ? 1 : 0;
            }
        }

        return (tp, p, fp, n);
    }

    public static double Ratio(int a, int b) => b == 0 ? double.NaN : (double)a / b;
}
