using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace BackPainBot.Knowledge;

/// <summary>
/// The one analysis chain used for indexing and for questions, so a patient's words and the clinic's words meet as the
/// same terms: StandardTokenizer → EnglishPossessiveFilter → LowerCaseFilter → SynonymFilter → StopFilter → PorterStemFilter.
/// </summary>
internal static class KnowledgeAnalysis
{
    /// <summary>The only Lucene version constant in the project.</summary>
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>
    /// Words that carry no topic in a chat question. Besides English stop words, this drops the filler patients wrap
    /// around a question ("should I", "does it matter", "any tips"), which would otherwise count as unknown words and
    /// pull an in-scope question's confidence down.
    /// </summary>
    private static readonly string[] ChatFiller =
    [
        "i", "i'm", "im", "i've", "ive", "i'd", "i'll", "me", "my", "mine", "myself", "you", "your", "yours", "we", "our",
        "us", "he", "she", "him", "her", "his", "its", "it's", "them", "those", "what", "what's", "whats", "why", "how",
        "when", "where", "which", "who", "whom", "whose", "do", "does", "did", "doing", "done", "don't", "dont", "doesn't",
        "doesnt", "can", "can't", "cant", "could", "would", "should", "shall", "may", "might", "must", "am", "been",
        "being", "have", "has", "had", "having", "get", "gets", "getting", "got", "go", "goes", "going", "gonna", "want",
        "wanna", "need", "needs", "know", "tell", "please", "help", "helps", "thanks", "thank", "hi", "hey", "hello", "ok",
        "okay", "just", "really", "very", "so", "too", "also", "any", "anything", "something", "some", "thing", "things",
        "here", "about", "from", "up", "out", "all", "more", "most", "much", "many", "lot", "lots", "bit", "kind", "sort",
        "like", "actually", "still", "even", "now", "than", "because", "since", "while", "during", "after", "before",
        "over", "again", "ever", "never", "always", "often", "sometimes", "good", "better", "best", "bad", "worse",
        "fine", "tip", "tips", "advice", "piece", "pieces", "sum", "question", "wondering", "think", "matter", "matters", "affect", "affects",
        "problem", "problems", "issue", "issues", "way", "make", "makes", "use", "using", "try", "trying", "feel",
        "feeling", "feels", "seem", "seems", "recently", "lately", "other", "same", "every", "each", "one", "ones",
        "near", "take", "takes", "taking", "without", "through", "around", "instead", "worth", "buy", "buying", "bought",
        "someone", "somebody", "anyone", "anybody", "see", "seeing", "start", "starts", "started", "starting",
        "keep", "keeps", "keeping", "vs", "versus", "behind", "down", "give", "show", "list", "share", "explain",
        "suggest", "recommend", "ways", "everything", "idea", "ideas", "suggestion", "suggestions", "pointers",
        "recommendation", "recommendations", "info", "information", "proper", "properly", "correct", "correctly", "right",
        "safe", "safely", "pls", "plz", "thx", "anyway", "year", "years", "month", "months", "week", "weeks", "ago",
        "last", "today", "yesterday", "big", "huge", "u", "ur", "ya", "guys", "weird", "strange", "random", "job", "standing", "stand", "tried",
        "look", "looks", "looked", "looking", "gone", "part", "parts", "say", "says", "said", "told", "tells", "weak",
        "weaker", "find", "finding", "found", "price", "prices", "pricing", "cost", "costs", "supposed", "meant", "fix",
        "fixing", "improve", "improving", "home", "summary", "summarize", "summarise", "overview", "recap", "rundown",
        "main", "key", "points", "lol", "haha", "lmao", "day", "days", "daily", "night", "nights", "morning", "evening",
        "hour", "hours", "minute", "minutes", "mention", "mentions", "mentioned", "podiatrist", "therapist",
        // Verbs that only ask whether one thing leads to another ("does X cause back pain"): X is the topic.
        "cause", "causes", "causing", "caused", "reason", "reasons",
        // Words that carry no topic in a question: hedges, judgements, text-speak.
        "off", "wrong", "true", "extra", "maybe", "perhaps", "probably", "possibly", "possible", "normal", "usual",
        "usually", "generally", "typically", "currently", "anymore", "alright", "sure", "certain", "exactly", "id",
        "ill", "cn", "cud", "shud", "wud", "wat", "wot", "wut", "idk", "tbh", "rn", "btw", "gotta", "dunno", "kinda",
        "sorta", "lemme", "gimme", "ya'll", "yall", "offer", "offers", "provide", "provides", "work", "works",
        "worked", "recommended", "suggested", "thought", "thinking", "wondered", "guess", "weakness", "interested", "interest", "times", "supposedly", "apparently", "literally", "basically", "honestly", "differently",
        // Text-speak and interjections around a question ("wait my ankles r the reason?"): no topic, only unknown weight.
        "r", "wait", "omg", "hmm", "hmmm", "um", "umm", "uh", "cuz", "coz", "tho", "ngl",
        // Hedges and places in a story ("I hardly move", "should I run somewhere else"): "hardly" would otherwise be read
        // as "hard" (a surface), and the rest only add unknown weight.
        "hardly", "barely", "rarely", "scarcely", "else", "elsewhere", "somewhere", "anywhere", "everywhere", "round",
        "pretty",
        // The talk around a long casual question ("whats the deal", "all the time", "she thinks", "what counts as"):
        // without these each adds an unknown word's weight and a clear question falls under the threshold.
        "deal", "time", "ages", "thinks", "reckon", "reckons", "reckoned", "count", "counts", "counted", "making",
        "made", "full", "complete", "entire", "dodgy", "heaps", "honest", "both", "either", "neither",
        // The article itself ("saw ur article about ankles", "the tips in the article") is not a topic, and "eli5" asks
        // only how to explain. "Tighter" in a question is about clothes ("my jeans are tighter"): the core tip is asked
        // for as tight, tense or braced, and a comparative read as "tighten" pulled weight questions to it.
        "article", "articles", "blog", "eli5", "bullet", "bullets", "checklist", "checklists", "tighter", "snug", "snugger",
        // A work shift is when the story happens ("on concrete all shift"); the weight tip's "shift to an awkward stance"
        // is said by its stance and compensate keywords.
        "shift", "shifts",
        // "technique wise" only says in which respect; "sorry" only apologises; a cheat sheet, the basics or the lowdown in
        // a nutshell only ask for the list (see ListRequest), and read as typos they became "cheap" shoes.
        "wise", "sorry", "cheat", "sheet", "nutshell", "lowdown", "basics",
        // Setting something aside ("besides seeing a chiropractor", "apart from that"): the cue of a NegatedSpans scope;
        // and "play" only asks what role something plays.
        "besides", "apart", "aside", "except", "play", "plays",
        // Emphasis and dead ends in a story ("the actual source", "nothing works", "nobody knows why"): no topic.
        "actual", "nothing", "nobody",
    ];

    /// <summary>English stop words plus chat filler; also the words a typo may be corrected to and then dropped.</summary>
    public static CharArraySet StopWords { get; } = BuildStopWords();

    /// <summary>Creates the full chain; with no synonyms the SynonymFilter is left out (Lucene rejects an empty map).</summary>
    public static Analyzer CreateAnalyzer(SynonymMap? synonyms) => new ChainAnalyzer(synonyms, surfaceOnly: false);

    /// <summary>
    /// Creates the part of the chain before the synonym filter. Synonym rules are analyzed with it, so the rules are
    /// written in the same surface words the filter sees (plural, -ing forms), and it splits text into plain words.
    /// </summary>
    public static Analyzer CreateSurfaceAnalyzer() => new ChainAnalyzer(null, surfaceOnly: true);

    /// <summary>Parses Solr-format synonym rules; a bad rule becomes a <see cref="KnowledgeFormatException"/>.</summary>
    public static SynonymMap? ParseSynonyms(string? rules, string filePath)
    {
        if (string.IsNullOrWhiteSpace(rules))
        {
            return null;
        }

        using var surface = CreateSurfaceAnalyzer();
        var parser = new SolrSynonymParser(dedup: true, expand: true, surface);
        try
        {
            using var reader = new StringReader(rules);
            parser.Parse(reader);
            var map = parser.Build();
            return map.Fst is null ? null : map;
        }
        catch (Exception e) when (e is not KnowledgeFormatException)
        {
            throw new KnowledgeFormatException(filePath, LineOf(e), "Invalid synonym rule: " + e.Message, e);
        }
    }

    /// <summary>Analyzes a short text into terms, in order; used for single words, never per indexed document.</summary>
    public static List<string> Terms(Analyzer analyzer, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(KnowledgeFields.Text, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }

    private static int LineOf(Exception e)
    {
        // SolrSynonymParser reports "Invalid synonym rule at line N"; keep N so the message points at the line.
        var match = System.Text.RegularExpressions.Regex.Match(e.Message + " " + e.InnerException?.Message, @"line (\d+)");
        return match.Success && int.TryParse(match.Groups[1].Value, out var line) ? line : 0;
    }

    private static CharArraySet BuildStopWords()
    {
        var set = new CharArraySet(Version, EnglishAnalyzer.DefaultStopSet.Count + ChatFiller.Length, ignoreCase: true);
        set.UnionWith(EnglishAnalyzer.DefaultStopSet);
        set.UnionWith(ChatFiller);
        return set.AsReadOnly();
    }

    private sealed class ChainAnalyzer(SynonymMap? synonyms, bool surfaceOnly) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new StandardTokenizer(Version, reader);
            TokenStream stream = new EnglishPossessiveFilter(Version, tokenizer);
            stream = new LowerCaseFilter(Version, stream);
            if (surfaceOnly)
            {
                return new TokenStreamComponents(tokenizer, stream);
            }

            if (synonyms is not null)
            {
                stream = new SynonymFilter(stream, synonyms, ignoreCase: true);
            }

            stream = new StopFilter(Version, stream, StopWords);
            stream = new PorterStemFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        }

        protected override TextReader InitReader(string fieldName, TextReader reader) => new ApostropheFilter(reader);
    }

    /// <summary>
    /// Phones type curly apostrophes; without this "don’t" would not meet the stop word "don't". A one-for-one character
    /// swap, so offsets need no correction (MappingCharFilter would do the same at ~17 KB of buffers per question).
    /// </summary>
    private sealed class ApostropheFilter(TextReader input) : CharFilter(input)
    {
        public override int Read(char[] buffer, int index, int count)
        {
            var read = m_input.Read(buffer, index, count);
            for (var i = index; i < index + read; i++)
            {
                buffer[i] = Normalize(buffer[i]);
            }

            return read;
        }

        public override int Read()
        {
            var c = m_input.Read();
            return c < 0 ? c : Normalize((char)c);
        }

        protected override int Correct(int currentOff) => currentOff;

        private static char Normalize(char c) => c is '\u2019' or '\u2018' or '\u02BC' ? '\'' : c;
    }
}
