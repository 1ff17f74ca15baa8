namespace Guardrail.Training;

/// <summary>
/// Builds the <see cref="FoldPlan"/> of a grouped cross-validation: which groups a row belongs to under a scheme, which
/// fold each group is held out in, and from that, where each row is scored and where it may train.
/// </summary>
/// <remarks>
/// Rows with the same text share their groups (one text is one sample: the same sentence in training and test is
/// leakage whatever its labels). Rows with no group under the scheme (a general question names no agent) are spread
/// over the folds by a hash of their text, as in plain k-fold, except under <see cref="CvScheme.Sources"/>, where a
/// generated row has no benchmark source and always trains.
/// </remarks>
internal static class GroupedFolds
{
    /// <summary>Sources with fewer development rows than this share one fold.</summary>
    public const int MinSourceRows = 300;

    public static IReadOnlyList<string> GroupsOf(CorpusRow row, CvScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(row);
        return scheme switch
        {
            // Specific agents only: class words ("a chemical weapon") occur with every agent.
            CvScheme.Agents => [.. new[] { row.Agent }.OfType<string>().Concat(CorpusAgents.Find(row.Text)).Distinct(StringComparer.Ordinal).Where(a => CorpusAgents.Get(a) is { Generic: false })],

            // The outermost frame: "direct+persona" tests the persona frame (the direct phrasing inside is seen elsewhere).
            CvScheme.Frames => row.Frames.Count == 0 ? [] : [row.Frames[^1]],
            _ => row.Source is { } s ? [s] : [],
        };
    }

    public static FoldPlan Plan(IReadOnlyList<CorpusRow> rows, CvScheme scheme, int folds)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var byText = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!byText.TryGetValue(row.Text, out var list))
            {
                byText[row.Text] = list = [];
            }

            list.AddRange(GroupsOf(row, scheme).Where(g => !list.Contains(g, StringComparer.Ordinal)));
        }

        var (groupFold, count) = AssignGroups(byText, scheme, folds);
        var testFold = new int[rows.Count];
        var excluded = new ulong[rows.Count];
        var rowGroups = new IReadOnlyList<string>[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var groups = byText[rows[r].Text];
            rowGroups[r] = groups;
            if (groups.Count == 0)
            {
                testFold[r] = scheme == CvScheme.Sources ? -1 : (int)(Fnv(rows[r].Text) % (ulong)count);
                excluded[r] = testFold[r] < 0 ? 0 : 1UL << testFold[r];
                continue;
            }

            foreach (var g in groups)
            {
                excluded[r] |= 1UL << groupFold[g];
            }

            // Scored only where all its groups are held out together; a row whose groups span folds trains in none
            // of them and is never scored (scoring it would show the head a group it had trained on).
            testFold[r] = groups.All(g => groupFold[g] == groupFold[groups[0]]) ? groupFold[groups[0]] : -1;
        }

        var foldGroups = Enumerable.Range(0, count)
            .Select(f => (IReadOnlyList<string>)[.. groupFold.Where(kv => kv.Value == f).Select(kv => kv.Key).Order(StringComparer.Ordinal)])
            .ToArray();
        return new FoldPlan(scheme, count, testFold, excluded, rowGroups, foldGroups);
    }

    private static (Dictionary<string, int> GroupFold, int Folds) AssignGroups(Dictionary<string, List<string>> byText, CvScheme scheme, int folds)
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var groups in byText.Values)
        {
            foreach (var g in groups)
            {
                sizes[g] = sizes.GetValueOrDefault(g) + 1;
            }
        }

        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        switch (scheme)
        {
            case CvScheme.Agents:
                // Table order, round robin: the table is sorted by category, so every fold holds agents of each one.
                var index = 0;
                foreach (var agent in CorpusAgents.All.Where(a => sizes.ContainsKey(a.Family)))
                {
                    result[agent.Family] = index++ % folds;
                }

                return (result, folds);
            case CvScheme.Frames:
                // Largest first onto the lightest fold: folds of similar size, deterministic.
                var load = new long[folds];
                foreach (var (group, size) in sizes.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    var lightest = Array.IndexOf(load, load.Min());
                    result[group] = lightest;
                    load[lightest] += size;
                }

                return (result, folds);
            default:
                // One fold per sizeable benchmark, the small ones together in the last.
                var big = sizes.Where(kv => kv.Value >= MinSourceRows).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).ToList();
                for (var i = 0; i < big.Count; i++)
                {
                    result[big[i]] = i;
                }

                var small = sizes.Keys.Where(k => !result.ContainsKey(k)).ToList();
                foreach (var s in small)
                {
                    result[s] = big.Count;
                }

                return (result, big.Count + (small.Count > 0 ? 1 : 0));
        }
    }

    private static ulong Fnv(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in text)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        return hash;
    }
}
