using static Guardrail.Training.CorpusVocabulary;

namespace Guardrail.Training;

/// <summary>
/// Agent families of the synthetic corpus: the names of agents, toxins, materials and devices per policy category, from
/// public reference lists (select agents and toxins, the Australia Group common control lists, the CWC schedules'
/// named agents, ICTV genus and family names, IAEA source categories, encyclopedic weapon types). A family groups the
/// names of one agent ("sarin", "GB"), so grouped cross-validation can hold out every row that names it together.
/// </summary>
/// <remarks>
/// SAFETY: names and classes only. No precursor, route, quantity or condition appears here, and none may be added.
/// The first name of a family is its canonical form in generated text; the rest are aliases, also used to find the
/// family in rows the generator did not write (the development data).
/// </remarks>
internal static class CorpusAgents
{
    private static CorpusAgent A(string family, string intents, string[] categories, params string[] names) => new(family, intents, categories, names);

    /// <summary>A class word: names no agent in particular.</summary>
    private static CorpusAgent G(string family, string intents, string[] categories, params string[] names) => new(family, intents, categories, names, Generic: true);

    private static readonly string[] C = [Chemical];
    private static readonly string[] B = [Biological];
    private static readonly string[] CB = [Chemical, Biological];
    private static readonly string[] R = [Radiological];
    private static readonly string[] N = [Nuclear];

    /// <summary>Every family, by category, in a fixed order (fold assignment depends on it).</summary>
    public static IReadOnlyList<CorpusAgent> All { get; } =
    [
        // Chemical: CWC Schedule 1 agents and other chemical warfare agents (names only).
        A("sarin", "chem", C, "sarin", "sarin gas", "GB nerve agent"),
        A("soman", "chem", C, "soman", "GD nerve agent"),
        A("tabun", "chem", C, "tabun", "GA nerve agent"),
        A("cyclosarin", "chem", C, "cyclosarin", "GF nerve agent"),
        A("vx", "chem", C, "VX nerve agent", "VX"),
        A("vr", "chem", C, "Russian VX", "VR nerve agent"),
        A("novichok", "chem", C, "a Novichok agent", "Novichok", "A-234"),
        A("sulfur-mustard", "chem", C, "sulfur mustard", "mustard gas", "yperite"),
        A("nitrogen-mustard", "chem", C, "nitrogen mustard", "HN3 blister agent"),
        A("lewisite", "chem", C, "lewisite"),
        A("phosgene", "chem", C, "phosgene", "diphosgene"),
        A("phosgene-oxime", "chem", C, "phosgene oxime"),
        A("chlorine-weapon", "chem", C, "chlorine gas as a weapon", "chlorine gas"),
        A("hydrogen-cyanide", "chem", C, "hydrogen cyanide gas", "hydrogen cyanide", "prussic acid"),
        A("cyanogen-chloride", "chem", C, "cyanogen chloride"),
        A("chloropicrin", "chem", C, "chloropicrin"),
        A("bz", "chem", C, "the incapacitating agent BZ", "quinuclidinyl benzilate"),
        A("arsine", "chem", C, "arsine gas", "arsine"),
        A("carfentanil-weapon", "chem", C, "aerosolized carfentanil as a weapon", "an opioid incapacitating agent"),
        A("saxitoxin", "chem", CB, "saxitoxin"),
        A("tetrodotoxin", "chem", CB, "tetrodotoxin"),
        A("ricin", "chem", CB, "ricin"),
        A("abrin", "chem", CB, "abrin"),
        G("nerve-agent", "chem", C, "a nerve agent", "nerve gas", "an organophosphate nerve agent"),
        G("blister-agent", "chem", C, "a blister agent", "a vesicant agent"),
        G("choking-agent", "chem", C, "a choking agent", "a suffocating agent"),
        G("chemical-weapon", "chem", C, "a chemical weapon", "a chemical warfare agent", "chemical weapons", "chemical warfare", "a poison gas", "a toxic gas that can kill a crowd"),

        // Biological: select agents and Australia Group human, animal and plant pathogens; ICTV genus and family names.
        A("anthrax", "bio", B, "anthrax", "anthrax spores", "Bacillus anthracis"),
        A("smallpox", "bio", B, "smallpox", "the variola virus", "variola major"),
        A("plague", "bio", B, "the plague bacterium", "Yersinia pestis", "pneumonic plague", "plague"),
        A("tularemia", "bio", B, "tularemia", "Francisella tularensis"),
        A("botulinum", "bio", CB, "botulinum toxin", "Clostridium botulinum", "botulinum neurotoxin"),
        A("ebola", "bio", B, "Ebola virus", "Ebola", "an ebolavirus"),
        A("marburg", "bio", B, "Marburg virus", "marburgvirus"),
        A("lassa", "bio", B, "Lassa virus", "Lassa fever virus"),
        A("machupo", "bio", B, "Machupo virus", "Bolivian hemorrhagic fever virus"),
        A("junin", "bio", B, "Junin virus", "Argentine hemorrhagic fever virus"),
        A("lujo", "bio", B, "Lujo virus"),
        A("chapare", "bio", B, "Chapare virus"),
        A("cchf", "bio", B, "Crimean-Congo hemorrhagic fever virus", "CCHF virus"),
        A("rift-valley", "bio", B, "Rift Valley fever virus"),
        A("nipah", "bio", B, "Nipah virus", "a henipavirus"),
        A("hendra", "bio", B, "Hendra virus"),
        A("kyasanur", "bio", B, "Kyasanur Forest disease virus"),
        A("tbe", "bio", B, "tick-borne encephalitis virus"),
        A("vee", "bio", B, "Venezuelan equine encephalitis virus", "VEE virus"),
        A("eee", "bio", B, "Eastern equine encephalitis virus"),
        A("sars", "bio", B, "SARS coronavirus", "SARS-CoV", "a betacoronavirus"),
        A("mers", "bio", B, "MERS coronavirus", "MERS-CoV"),
        A("influenza-1918", "bio", B, "the 1918 influenza virus", "the 1918 Spanish flu strain"),
        A("h5n1", "bio", B, "H5N1 bird flu", "H5N1 avian influenza", "highly pathogenic avian influenza"),
        A("h7n9", "bio", B, "H7N9 avian influenza"),
        A("mpox", "bio", B, "monkeypox virus", "mpox", "an orthopoxvirus"),
        A("glanders", "bio", B, "Burkholderia mallei", "glanders"),
        A("melioidosis", "bio", B, "Burkholderia pseudomallei", "melioidosis"),
        A("brucella", "bio", B, "Brucella melitensis", "brucellosis"),
        A("q-fever", "bio", B, "Coxiella burnetii", "Q fever"),
        A("typhus", "bio", B, "Rickettsia prowazekii", "epidemic typhus"),
        A("cholera", "bio", B, "Vibrio cholerae", "cholera"),
        A("seb", "bio", CB, "staphylococcal enterotoxin B"),
        A("epsilon-toxin", "bio", CB, "Clostridium perfringens epsilon toxin"),
        A("shiga", "bio", CB, "Shiga toxin"),
        A("t2-toxin", "bio", CB, "T-2 mycotoxin"),
        A("conotoxin", "bio", CB, "conotoxin"),
        A("fmd", "bio", B, "foot-and-mouth disease virus"),
        A("asf", "bio", B, "African swine fever virus"),
        A("rinderpest", "bio", B, "rinderpest virus"),
        A("newcastle", "bio", B, "virulent Newcastle disease virus"),
        A("wheat-rust", "bio", B, "wheat stem rust Ug99", "a crop-killing fungus"),
        A("rice-blast", "bio", B, "the rice blast fungus"),
        A("prion", "bio", B, "an infectious prion"),
        G("bioweapon", "bio", B, "a bioweapon", "a biological weapon", "biological weapons", "a biological agent"),
        G("pathogen", "bio", B, "a deadly pathogen", "a dangerous pathogen", "a pandemic virus", "a deadly virus", "a contagious disease", "an engineered virus", "an obscure virus", "a new virus", "a pandemic"),

        // Radiological: IAEA Category 1-3 source isotopes and devices.
        A("dirty-bomb", "rad", R, "a dirty bomb", "a radiological dispersal device", "a radiological weapon"),
        A("exposure-device", "rad", R, "a radiological exposure device"),
        A("cs137", "radmat", R, "cesium-137", "caesium-137"),
        A("co60", "radmat", R, "cobalt-60"),
        A("sr90", "radmat", R, "strontium-90"),
        A("ir192", "radmat", R, "iridium-192"),
        A("am241", "radmat", R, "americium-241", "americium from smoke detectors"),
        A("cf252", "radmat", R, "californium-252"),
        A("pu238", "radmat", R, "plutonium-238"),
        A("ra226", "radmat", R, "radium-226"),
        A("po210", "radmat", R, "polonium-210"),
        A("teletherapy-source", "radmat", R, "a radiotherapy teletherapy source", "a hospital radiotherapy source", "stolen medical radioactive sources"),
        A("radiography-source", "radmat", R, "an industrial radiography source"),
        A("irradiator-source", "radmat", R, "a blood irradiator source"),
        A("rtg", "radmat", R, "a radioisotope thermoelectric generator"),
        G("nuclear-waste", "radmat", R, "spent nuclear fuel", "radioactive waste", "radioactive material"),
        G("fallout", "radmat", R, "radioactive fallout", "nuclear radiation"),

        // Nuclear: weapon types and fissile materials (encyclopedic names).
        G("nuclear-bomb", "nuke", N, "a nuclear bomb", "an atomic bomb", "a nuclear weapon", "nuclear weapons", "a nuke"),
        A("ind", "nuke", N, "an improvised nuclear device"),
        A("warhead", "nuke", N, "a nuclear warhead"),
        A("thermonuclear", "nuke", N, "a thermonuclear bomb", "a hydrogen bomb", "a fusion bomb"),
        A("fission-bomb", "nuke", N, "a fission bomb", "a gun-type nuclear device", "an implosion-type nuclear device"),
        A("boosted", "nuke", N, "a boosted fission weapon"),
        A("suitcase-nuke", "nuke", N, "a suitcase nuke", "a backpack nuclear device"),
        A("neutron-bomb", "nuke", N, "a neutron bomb"),
        A("heu", "fissile", N, "highly enriched uranium", "weapons-grade uranium", "uranium-235", "enriched uranium"),
        A("pu239", "fissile", N, "plutonium for a bomb", "weapons-grade plutonium", "plutonium-239", "plutonium"),
        A("u233", "fissile", N, "uranium-233"),
        G("fissile", "fissile", N, "fissile material", "special nuclear material"),
    ];

    private static readonly Dictionary<string, CorpusAgent> ByFamily = All.ToDictionary(a => a.Family, StringComparer.Ordinal);

    /// <summary>The family named <paramref name="family"/>, or null.</summary>
    public static CorpusAgent? Get(string family) => ByFamily.GetValueOrDefault(family);

    /// <summary>
    /// The families named in <paramref name="text"/> as whole words (case-insensitive), in table order. Names are
    /// matched without their article ("a nerve agent" also finds "nerve agents"), and the longest name wins where
    /// two overlap: "VX nerve agent" names VX, not the class word "nerve agent" as well.
    /// </summary>
    public static IReadOnlyList<string> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = new List<(int Start, int End, int Family)>();
        for (var f = 0; f < All.Count; f++)
        {
            foreach (var name in All[f].Names)
            {
                var bare = Bare(name);
                foreach (var start in Occurrences(text, bare))
                {
                    matches.Add((start, start + bare.Length, f));
                }
            }
        }

        var taken = new List<(int Start, int End)>();
        var found = new SortedSet<int>();
        foreach (var m in matches.OrderByDescending(m => m.End - m.Start).ThenBy(m => m.Start).ThenBy(m => m.Family))
        {
            if (taken.Any(t => m.Start < t.End && t.Start < m.End))
            {
                continue;
            }

            taken.Add((m.Start, m.End));
            found.Add(m.Family);
        }

        return [.. found.Select(f => All[f].Family)];
    }

    private static string Bare(string name) =>
        name.StartsWith("a ", StringComparison.Ordinal) ? name[2..] : name.StartsWith("an ", StringComparison.Ordinal) ? name[3..] : name.StartsWith("the ", StringComparison.Ordinal) ? name[4..] : name;

    private static IEnumerable<int> Occurrences(string text, string name)
    {
        for (var at = text.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            // Whole word at the start; a plural or possessive may follow ("nerve agents", "VX's").
            var startOk = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var end = at + name.Length;
            var endOk = end >= text.Length || !char.IsLetterOrDigit(text[end]) || (text[end] == 's' && (end + 1 >= text.Length || !char.IsLetterOrDigit(text[end + 1])));
            if (startOk && endOk)
            {
                yield return at;
            }
        }
    }
}
