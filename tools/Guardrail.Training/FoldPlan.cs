namespace Guardrail.Training;

/// <summary>
/// The folds of one grouped cross-validation over a list of rows. <see cref="TestFold"/> is the fold in which a row is
/// scored (-1: never scored, always trains); a row never trains in a fold that holds out any of its groups
/// (<see cref="Excluded"/>, a bit per fold), so a row naming two agents of different folds trains in neither.
/// </summary>
internal sealed record FoldPlan(CvScheme Scheme, int Folds, int[] TestFold, ulong[] Excluded, IReadOnlyList<string>[] RowGroups, IReadOnlyList<string>[] FoldGroups)
{
    /// <summary>Whether row <paramref name="row"/> is a training row of fold <paramref name="fold"/>.</summary>
    public bool Trains(int row, int fold) => (Excluded[row] & (1UL << fold)) == 0;

    /// <summary>Whether row <paramref name="row"/> is scored in fold <paramref name="fold"/>.</summary>
    public bool Tests(int row, int fold) => TestFold[row] == fold;

    /// <summary>
    /// Groups that occur both in a training row and a test row of the same fold, and texts that do: each one is
    /// leakage (the measured number would include memorisation). Empty for a sound plan.
    /// </summary>
    public List<string> Leaks(IReadOnlyList<CorpusRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var leaks = new List<string>();
        for (var fold = 0; fold < Folds; fold++)
        {
            var trainGroups = new HashSet<string>(StringComparer.Ordinal);
            var trainTexts = new HashSet<string>(StringComparer.Ordinal);
            for (var r = 0; r < rows.Count; r++)
            {
                if (Trains(r, fold))
                {
                    trainGroups.UnionWith(RowGroups[r]);
                    trainTexts.Add(rows[r].Text);
                }
            }

            for (var r = 0; r < rows.Count; r++)
            {
                if (!Tests(r, fold))
                {
                    continue;
                }

                leaks.AddRange(RowGroups[r].Where(trainGroups.Contains).Select(g => $"fold {fold + 1}: group {g}"));
                if (trainTexts.Contains(rows[r].Text))
                {
                    leaks.Add($"fold {fold + 1}: text of row {r}");
                }
            }
        }

        return [.. leaks.Distinct(StringComparer.Ordinal)];
    }
}
