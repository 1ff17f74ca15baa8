namespace Guardrail.Filters.Classification;

/// <summary>
/// Turns one lexicon term into the words the phrase table matches, exactly as <see cref="LexicalTokenizer"/> splits
/// text (after <see cref="LexiconTermText.Prepare"/> folds it like text), and lists the spellings generated from it.
/// Wildcards: <c>stem*</c> matches by prefix, <c>*ending</c> matches any longer word by suffix (open-class names:
/// genera and families are recognised by their ending, not by a list).
/// </summary>
internal static class LexiconTermSplitter
{
    /// <summary>The words of <paramref name="term"/>, or the reason it is not a valid term (an error value).</summary>
    public static (string[]? Words, string? Error) Split(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var text = LexiconTermText.Prepare(term);
        var words = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var leadingStar = text[i] == '*' && i + 1 < text.Length && char.IsLetter(text[i + 1]);
            if (!leadingStar && !LexiconTermText.IsWordChar(text, i))
            {
                if (text[i] == '*')
                {
                    return (null, $"term '{term}': '*' must directly follow at least {LexiconPhraseTable.MinPrefixLength} letters");
                }

                i++;
                continue;
            }

            var start = leadingStar ? ++i : i;
            while (i < text.Length && LexiconTermText.IsWordChar(text, i))
            {
                i++;
            }

            var trailingStar = i < text.Length && text[i] == '*';
            if (leadingStar)
            {
                if (i - start < LexiconPhraseTable.MinSuffixLength || trailingStar)
                {
                    return (null, $"term '{term}': a leading '*' must be followed by at least {LexiconPhraseTable.MinSuffixLength} letters and nothing else");
                }

                words.Add("*" + text[start..i]);
                continue;
            }

            if (trailingStar)
            {
                if (i - start < LexiconPhraseTable.MinPrefixLength)
                {
                    return (null, $"term '{term}': '*' must directly follow at least {LexiconPhraseTable.MinPrefixLength} letters");
                }

                i++;
                if (i < text.Length && LexiconTermText.IsWordChar(text, i))
                {
                    return (null, $"term '{term}': '*' may only end a word");
                }
            }

            words.Add(text[start..i]);
        }

        return words.Count == 0 ? (null, $"term '{term}' has no words") : ([.. words], null);
    }

    /// <summary>
    /// The spellings generated from <paramref name="words"/>: the plural of the last word, the inflected forms of words
    /// of other scripts when <paramref name="inflect"/> (<see cref="LexiconMorphology.Stem"/>; anchors only), and the other reading of every stem whose letters all have
    /// Latin lookalikes (<see cref="LexiconTermText.LookalikeStem"/>).
    /// </summary>
    public static List<string[]> Spellings(string[] words, bool inflect = true)
    {
        ArgumentNullException.ThrowIfNull(words);
        var generated = new List<string[]>();
        if (Plural(words[^1]) is { } plural)
        {
            var inflected = words.ToArray();
            inflected[^1] = plural;
            generated.Add(inflected);
        }

        for (var w = 0; w < words.Length; w++)
        {
            if (inflect && LexiconMorphology.Stem(words[w]) is { } inflected)
            {
                // The word in the forms a sentence puts it in ("оружие": "оружия", "оружием"), for every spelling so far.
                var lookalike = LexiconTermText.LookalikeStem(inflected);
                foreach (var spelling in generated.Prepend(words).ToArray())
                {
                    var variant = spelling.ToArray();
                    variant[w] = inflected;
                    generated.Add(variant);
                    if (lookalike is not null)
                    {
                        variant = spelling.ToArray();
                        variant[w] = lookalike;
                        generated.Add(variant);
                    }
                }
            }
        }

        for (var w = 0; w < words.Length; w++)
        {
            if (LexiconTermText.LookalikeStem(words[w]) is { } stem)
            {
                // Each such stem of a phrase in either reading ("збагачен* уран*": "уран" of "урана" stays Cyrillic,
                // "урану" folds to Latin).
                foreach (var spelling in generated.Prepend(words).ToArray())
                {
                    var variant = spelling.ToArray();
                    variant[w] = stem;
                    generated.Add(variant);
                }
            }
        }

        return generated;
    }

    private static string? Plural(string word)
    {
        // English plurals only: a word of another script gets none (Latin-script languages list their plurals).
        // "*virus" gets "*viruses" like any word.
        if (word.EndsWith('*') || char.IsDigit(word[^1]) || word.Length < 2 || !char.IsAsciiLetter(word[^1]))
        {
            return null;
        }

        if (word.EndsWith('s') || word.EndsWith('x') || word.EndsWith('z') || word.EndsWith("ch", StringComparison.Ordinal) || word.EndsWith("sh", StringComparison.Ordinal))
        {
            return word + "es";
        }

        return word.EndsWith('y') && !"aeiou".Contains(word[^2], StringComparison.Ordinal) ? word[..^1] + "ies" : word + "s";
    }
}
