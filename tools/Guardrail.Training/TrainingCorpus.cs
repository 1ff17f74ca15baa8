namespace Guardrail.Training;

/// <summary>
/// The training rows of the shipped head, in a fixed order: the development data, the project's synthetic training
/// split, and jailbreak-wrapped copies of some of them (the development data's in-the-wild templates, cut to their
/// last words so request and wrapper fit one encoder window). The held-out split is never read here.
/// </summary>
internal static class TrainingCorpus
{
    public static readonly string[] DevFiles =
        ["cbrn_harmful.jsonl", "non_cbrn_harmful.jsonl", "benign_near.jsonl", "benign_general.jsonl", "jailbreak_templates.jsonl"];

    /// <summary>Words of a jailbreak template kept before the request.</summary>
    private const int TemplateWords = 60;

    /// <summary>Wrapped copies made of positives and of negatives each.</summary>
    private const int Wrapped = 500;

    public static (List<CorpusRow> Rows, string? Error) Load(string devFolder, string corpusFolder, ulong seed)
    {
        var rows = new List<CorpusRow>();
        List<CorpusRow> templates = [];
        foreach (var file in DevFiles)
        {
            var (read, error) = LabeledData.Read(Path.Combine(devFolder, file));
            if (error is not null)
            {
                return (rows, error);
            }

            rows.AddRange(read);
            if (file.StartsWith("jailbreak", StringComparison.Ordinal))
            {
                templates = read;
            }
        }

        var (corpus, corpusError) = LabeledData.Read(Path.Combine(corpusFolder, "train.jsonl"));
        if (corpusError is not null)
        {
            return (rows, corpusError);
        }

        rows.AddRange(corpus);

        // Serving also judges single sentences of a longer text on their own (focus windows), so the head learns that
        // a sentence of a benign text, read alone (a multiple-choice option of a lab-safety question), stays benign.
        // A fragment keeps its parent's groups, so grouped cross-validation holds it out with its parent.
        var fragments = rows
            .Where(r => !r.Positive && (r.Kind == "dev/benign_near" || r.Kind.StartsWith("near/", StringComparison.Ordinal)))
            .SelectMany(r => Sentences(r.Text).Select(f => r with { Text = f, Kind = "near/fragment", Template = null }))
            .DistinctBy(r => r.Text, StringComparer.Ordinal)
            .ToList();
        rows.AddRange(fragments);
        if (templates.Count > 0)
        {
            var rng = new SplitMix64(seed);
            var positives = corpus.Where(r => r.Positive && r.Kind == "harmful/direct").ToArray();
            var negatives = corpus.Where(r => !r.Positive && r.Kind.StartsWith("near/", StringComparison.Ordinal) && !r.Kind.EndsWith("/wrapped", StringComparison.Ordinal)).ToArray();
            for (var i = 0; i < Wrapped; i++)
            {
                // Wrapped copies keep the payload's agent and frame and take the template's source.
                var p = rng.Pick(positives);
                var pt = rng.Pick(templates);
                rows.Add(p with { Text = Wrap(pt.Text, p.Text), Kind = "harmful/jailbreak", Template = null, Frame = Join(p.Frame, "jailbreak"), Source = pt.Source });
                var n = rng.Pick(negatives);
                var nt = rng.Pick(templates);
                rows.Add(n with { Text = Wrap(nt.Text, n.Text), Kind = "near/jailbreak", Template = null, Frame = Join(n.Frame, "jailbreak"), Source = nt.Source });
            }
        }

        return (rows, null);
    }

    private static string Join(string? frame, string more) => frame is null ? more : frame + "+" + more;

    /// <summary>The sentences of a text of several sentences (none for a single sentence), each of at least three words.</summary>
    public static IEnumerable<string> Sentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(['.', '?', '!', ';', ':', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length < 2 ? [] : parts.Where(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3);
    }

    /// <summary>The request put where the template asks for it (or after it), with the template cut to its last words.</summary>
    public static string Wrap(string template, string request)
    {
        ArgumentNullException.ThrowIfNull(template);
        const string slot = "[INSERT PROMPT HERE]";
        var at = template.IndexOf(slot, StringComparison.OrdinalIgnoreCase);
        var before = at >= 0 ? template[..at] : template + "\n";
        var words = before.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kept = string.Join(' ', words.Skip(Math.Max(0, words.Length - TemplateWords)));
        return kept + " " + request;
    }
}
