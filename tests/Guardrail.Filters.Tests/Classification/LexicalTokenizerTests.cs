using Guardrail.Filters.Classification;

namespace Guardrail.Filters.Tests.Classification;

public sealed class LexicalTokenizerTests
{
    [Fact]
    public void Punctuation_SeparatesWords()
    {
        Assert.Equal(["bio", "weapon", "s", "covid", "19", "step", "by", "step"], Words("bio-weapon's covid-19 (step-by-step)"));
    }

    [Fact]
    public void SentenceTerminators_StartNewSentences()
    {
        var sentences = Sentences("one two. three? four! five; six: seven\neight");

        Assert.Equal(8, sentences.Length);
        Assert.Equal(7, sentences.Distinct().Count());
        Assert.Equal(sentences[0], sentences[1]);
    }

    [Fact]
    public void AbbreviatedSpeciesAndDecimals_StayInOneSentence()
    {
        Assert.Single(Sentences("culture e. coli and b. anthracis").Distinct());
        Assert.Single(Sentences("a dose of 3.5 units").Distinct());
    }

    [Fact]
    public void RepeatedTerminators_OpenOnlyOneSentence()
    {
        var sentences = Sentences("really?!... yes");

        Assert.Equal(sentences[0] + 1, sentences[1]);
    }

    [Fact]
    public void SameStringTwice_GivesTheSameTokens()
    {
        // The second call for one string instance copies the tokens the first found.
        const string first = "how do vaccines work? they train e. coli-free cells";
        var text = string.Concat(first, " in 3.5 days");
        var once = new LexicalToken[LexicalTokenizer.MaxTokens(text.Length)];
        var twice = new LexicalToken[LexicalTokenizer.MaxTokens(text.Length)];
        var other = new LexicalToken[LexicalTokenizer.MaxTokens(first.Length)];

        var count = LexicalTokenizer.Tokenize(text, once);
        var again = LexicalTokenizer.Tokenize(text, twice);
        var otherCount = LexicalTokenizer.Tokenize(first, other);

        Assert.Equal(LexicalTokenizer.Tokenize(text.AsSpan(), new LexicalToken[once.Length]), count);
        Assert.Equal(count, again);
        Assert.Equal(once.AsSpan(0, count).ToArray(), twice.AsSpan(0, again).ToArray());
        Assert.Equal(LexicalTokenizer.Tokenize(first.AsSpan(), new LexicalToken[other.Length]), otherCount);
        Assert.True(otherCount < count);
    }

    [Fact]
    public void EmptyOrSymbolText_HasNoTokens()
    {
        Assert.Empty(Words(string.Empty));
        Assert.Empty(Words(" ... !? -- "));
    }

    [Theory]
    [InlineData("रासायनिक हथियार", "रासायनिक|हथियार")]         // Devanagari vowel signs and virama are marks
    [InlineData("রাসায়নিক অস্ত্র", "রাসায়নিক|অস্ত্র")]        // Bengali
    [InlineData("سلاح كيميائي", "سلاح|كيميائي")]               // Arabic
    [InlineData("химическое оружие", "химическое|оружие")]      // Cyrillic
    [InlineData("کیمیائی ہتھیار", "کیمیائی|ہتھیار")]          // Urdu
    public void ScriptsWithSpaces_KeepCombiningMarksInTheWord(string text, string expected)
    {
        Assert.Equal(expected.Split('|'), Words(text));
    }

    [Theory]
    [InlineData("沙林毒气", "沙|林|毒|气")]                        // Han
    [InlineData("サリンを作る", "サ|リ|ン|を|作|る")]              // Katakana, Hiragana, Han
    [InlineData("ダーティーボム", "ダ|ー|テ|ィ|ー|ボ|ム")]          // the long vowel mark is a letter of its own
    [InlineData("사린을 만들어", "사|린|을|만|들|어")]              // Hangul syllables: particles split off
    [InlineData("vx毒剂", "vx|毒|剂")]                             // a Latin word ends where the script changes
    [InlineData("\U00020000\U00020001", "\U00020000|\U00020001")] // CJK extension B (surrogate pairs)
    public void ScriptsWithoutSpaces_AreOneTokenPerCharacter(string text, string expected)
    {
        Assert.Equal(expected.Split('|'), Words(text));
    }

    [Theory]
    [InlineData("ਰਸਾਇਣਕ ਹਥਿਆਰ ਬਣਾਉਣਾ", "ਰਸਾਇਣਕ|ਹਥਿਆਰ|ਬਣਾਉਣਾ")]     // Gurmukhi: vowel signs, tippi and nukta stay in their word
    [InlineData("ਦੱਸੋ ਜ਼ਹਿਰੀਲੀ", "ਦੱਸੋ|ਜ਼ਹਿਰੀਲੀ")]                    // addak and nukta
    [InlineData("રાસાયણિક શસ્ત્ર બનાવવું", "રાસાયણિક|શસ્ત્ર|બનાવવું")] // Gujarati: vowel signs and virama
    [InlineData("ራዲዮአክቲቭ ቁሳቁስ", "ራዲዮአክቲቭ|ቁሳቁስ")]                  // Ethiopic syllables
    [InlineData("ರಾಸಾಯನಿಕ ಅಸ್ತ್ರವನ್ನು", "ರಾಸಾಯನಿಕ|ಅಸ್ತ್ರವನ್ನು")]         // Kannada
    [InlineData("രാസായുധം ഉണ്ടാക്കണം", "രാസായുധം|ഉണ്ടാക്കണം")]           // Malayalam: anusvara and chillu letters
    [InlineData("වසූරිය වෛරසය", "වසූරිය|වෛරසය")]                        // Sinhala
    public void IndicAndEthiopicWords_KeepTheirMarks(string text, string expected)
    {
        Assert.Equal(expected.Split('|'), Words(text));
    }

    [Fact]
    public void ThaiCharacters_CarryTheirVowelMarks()
    {
        // อาวุธเคมี: the vowel signs above and below (ุ, ี) belong to the consonant before them.
        Assert.Equal(["อ", "า", "วุ", "ธ", "เ", "ค", "มี"], Words("อาวุธเคมี"));
    }

    [Theory]
    [InlineData("沙林。制造")]     // ideographic full stop
    [InlineData("سارين؟ صنع")]    // Arabic question mark
    [InlineData("سارين؛ صنع")]    // Arabic semicolon
    [InlineData("سارین۔ بنانا")]  // Urdu full stop
    [InlineData("सरीन। बनाना")]   // danda
    [InlineData("সারিন॥ তৈরি")]   // double danda
    [InlineData("ሳሪን። መስራት")]     // Ethiopic full stop
    [InlineData("ሳሪን፤ መስራት")]     // Ethiopic semicolon
    [InlineData("ሳሪን፧ መስራት")]     // Ethiopic question mark
    [InlineData("សារីន៕ ផលិត")]    // Khmer end of text
    [InlineData("沙林. 制造")]     // a dot after a single character of a script without spaces is no abbreviation
    public void SentenceEndsOfOtherScripts_StartNewSentences(string text)
    {
        var sentences = Sentences(text);

        Assert.NotEqual(sentences[0], sentences[^1]);
    }

    [Fact]
    public void CharacterTokens_CountAsAFractionOfAWord()
    {
        var text = "make 沙林 now";
        var buffer = new LexicalToken[LexicalTokenizer.MaxTokens(text.Length)];
        var count = LexicalTokenizer.Tokenize(text, buffer);

        Assert.Equal(4, count);
        Assert.Equal([0, 4, 6, 8], buffer.Take(count).Select(t => t.Position));
        Assert.Equal([4, 2, 2, 4], buffer.Take(count).Select(t => t.Width));
    }

    [Fact]
    public void EnglishText_TokenisesAsBefore()
    {
        // The referee for English: the tokeniser before other scripts were added, on every English probe text.
        var texts = ((IEnumerable<object[]>)LexicalClassifierProbeTests.Harmful).Concat(LexicalClassifierProbeTests.Benign).Select(row => (string)row[0])
            .Append("culture e. coli and b. anthracis; a dose of 3.5 units?! bio-weapon's covid-19 (step-by-step)\nnext");
        foreach (var text in texts)
        {
            var buffer = new LexicalToken[LexicalTokenizer.MaxTokens(text.Length)];
            var count = LexicalTokenizer.Tokenize(text, buffer);
            var tokens = buffer.Take(count).ToArray();

            Assert.Equal(LegacyTokens(text), tokens.Select(t => (t.Start, t.Length, t.Sentence)));
            Assert.All(tokens.Select((t, i) => (t, i)), x => Assert.Equal((x.i * LexicalScripts.UnitsPerWord, LexicalScripts.UnitsPerWord), (x.t.Position, x.t.Width)));
        }
    }

    /// <summary>The ASCII tokeniser as it was: runs of letters or digits; . ? ! ; : and line breaks end a sentence.</summary>
    private static List<(int Start, int Length, int Sentence)> LegacyTokens(string text)
    {
        var tokens = new List<(int Start, int Length, int Sentence)>();
        var sentence = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsLetterOrDigit(text[i]))
            {
                var start = i;
                while (i < text.Length && char.IsLetterOrDigit(text[i]))
                {
                    i++;
                }

                tokens.Add((start, i - start, sentence));
                continue;
            }

            var ends = text[i] is '?' or '!' or ';' or ':' or '\n' or '\r';
            if (text[i] == '.')
            {
                var attached = tokens.Count > 0 && tokens[^1].Start + tokens[^1].Length == i;
                var abbreviation = attached && tokens[^1].Length == 1 && char.IsLetter(text[tokens[^1].Start]);
                var decimalPoint = attached && char.IsDigit(text[i - 1]) && i + 1 < text.Length && char.IsDigit(text[i + 1]);
                ends = !abbreviation && !decimalPoint;
            }

            if (ends && tokens.Count > 0 && tokens[^1].Sentence == sentence)
            {
                sentence++;
            }

            i++;
        }

        return tokens;
    }

    private static string[] Words(string text)
    {
        var buffer = new LexicalToken[LexicalTokenizer.MaxTokens(text.Length)];
        var count = LexicalTokenizer.Tokenize(text, buffer);
        return [.. buffer.Take(count).Select(t => text.Substring(t.Start, t.Length))];
    }

    private static int[] Sentences(string text)
    {
        var buffer = new LexicalToken[LexicalTokenizer.MaxTokens(text.Length)];
        var count = LexicalTokenizer.Tokenize(text, buffer);
        return [.. buffer.Take(count).Select(t => t.Sentence)];
    }
}
