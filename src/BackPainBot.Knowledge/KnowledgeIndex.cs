using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace BackPainBot.Knowledge;

/// <summary>
/// The clinic's articles in an in-memory Lucene index, built once (at start-up, or by
/// <see cref="ReloadingKnowledgeSearch"/> on each edit). Thread-safe: the index never changes after it is built, so one
/// <see cref="IndexSearcher"/> over one reader serves every request without acquire/release.
/// </summary>
/// <remarks>
/// <para>
/// Lucene's BM25 score is not comparable across questions, so each hit also gets a calibrated confidence in 0..1: the
/// IDF-weighted share of the question's content words that the section contains. A word the index has never seen
/// ("pizza", "password") weighs as much as a word that is in no section, more than any indexed word, so a question
/// mostly about something else scores low however well one familiar word matches. Sections that use the question's
/// words near each other get a small lift, and typo corrections count half. Hits are ranked by confidence, then by BM25.
/// </para>
/// <para>
/// Each result carries a decision (answer, list a group, ask which one, no match): see <see cref="SearchDecision"/>.
/// <see cref="KnowledgeOptions.MinScore"/> and <see cref="KnowledgeOptions.ClarifyMargin"/> were chosen on the tune
/// split of labelled questions (tests' <c>Data/questions.tsv</c>); change them only after re-running that evaluation.
/// </para>
/// </remarks>
public sealed partial class KnowledgeIndex : IKnowledgeSearch, IDisposable
{
    /// <summary>
    /// Credit for a word found only in a section's body text. Titles and keywords say what a section is about; a word
    /// used in passing ("place", "change") is weaker evidence, and counting it half keeps "where is the best place to
    /// park" from matching "Maintain a healthy weight". Any value from 0.3 to 0.7 scored the same on the tune questions.
    /// </summary>
    private const float TextOnlyCredit = 0.5f;

    /// <summary>
    /// Words a section is about that also have an everyday sense the article does not mean: "new" and "old" are about
    /// shoes in "Replace old shoes", not in "what's new in the news" or "how old is the earth", and "long" is about
    /// strides, not "a long day". A question they are all a section matches gets no answer from it; alongside another
    /// matched word ("new shoes") they count as usual.
    /// </summary>
    private const string AmbiguousWords = "new old long";

    private readonly Analyzer _analyzer;
    private readonly RAMDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly IndexedTerms _terms;
    private readonly TypoCorrector _typos;
    private readonly NearbyTerms _nearby;
    private readonly string[] _outOfScopeTerms;
    private readonly HashSet<string> _ambiguousTerms;
    private readonly float _unknownWeight;
    private readonly Dictionary<string, int> _positions;
    private readonly Dictionary<string, KnowledgeSection> _byTitle;
    private readonly GroupInfo[] _groups;
    private readonly HashSet<string> _triggerTerms;
    private readonly Dictionary<string, HashSet<string>> _topicTermsByArticle;
    private readonly HashSet<string> _topicTerms;
    /// <summary>The terms of the articles' own keywords ("lower back pain"): what every question about them names.</summary>
    private readonly HashSet<string> _articleTerms;
    private readonly HashSet<string> _relationTerms;
    private readonly Dictionary<string, HashSet<string>> _titleTerms;
    private bool _disposed;

    private KnowledgeIndex(IReadOnlyList<KnowledgeArticle> articles, string? synonymRules, string synonymsPath, KnowledgeOptions options, IReadOnlyList<AnswerExample>? examples = null)
    {
        Sections = articles.SelectMany(a => a.Sections).ToArray();
        MinScore = options.MinScore;
        ClarifyMargin = options.ClarifyMargin;
        _positions = Sections.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        _byTitle = new Dictionary<string, KnowledgeSection>(StringComparer.Ordinal);
        foreach (var section in Sections)
        {
            // Two sections with one title could not be told apart on a button; the first keeps the exact-title answer.
            _byTitle.TryAdd(NormalizeTitle(section.Title), section);
        }

        _analyzer = KnowledgeAnalysis.CreateAnalyzer(KnowledgeAnalysis.ParseSynonyms(synonymRules, synonymsPath));
        _directory = new RAMDirectory();
        try
        {
            WriteDocuments(_directory, _analyzer, articles);
            _reader = DirectoryReader.Open(_directory);
            _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
            _terms = IndexedTerms.Read(_searcher, Sections, TextOnlyCredit);
            _unknownWeight = Idf(0);
            _outOfScopeTerms = [.. KnowledgeAnalysis.Terms(_analyzer, OutOfScopeWord)];
            _ambiguousTerms = [.. KnowledgeAnalysis.Terms(_analyzer, AmbiguousWords)];
            CheckNoSectionIsOutOfScope(synonymsPath);

            using var surface = KnowledgeAnalysis.CreateSurfaceAnalyzer();
            var vocabulary = Sections
                .SelectMany(s => s.Keywords.Append(s.Title).Append(s.Text))
                .Concat(synonymRules is null ? [] : [synonymRules]);
            _typos = TypoCorrector.Build(vocabulary, surface, _analyzer, _terms.DocFreq.ContainsKey);
            _nearby = NearbyTerms.Build(_analyzer, _terms.SectionsByDoc);
            (_groups, _triggerTerms) = ReadGroups(articles);
            _topicTermsByArticle = articles.ToDictionary(
                a => a.Id,
                a => a.Keywords.Append(a.Title).SelectMany(t => KnowledgeAnalysis.Terms(_analyzer, t)).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);
            _topicTerms = _topicTermsByArticle.Values.SelectMany(t => t).ToHashSet(StringComparer.Ordinal);
            _articleTerms = articles.SelectMany(a => a.Keywords).SelectMany(k => KnowledgeAnalysis.Terms(_analyzer, k)).ToHashSet(StringComparer.Ordinal);
            // A section's title words that say what it is about: not the article's subject every section shares, not an
            // everyday word ("old" in "Replace old shoes").
            _titleTerms = Sections.ToDictionary(
                s => s.Id,
                s => KnowledgeAnalysis.Terms(_analyzer, s.Title).Where(t => !_articleTerms.Contains(t) && !_ambiguousTerms.Contains(t) && !_topicTerms.Contains(t)).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);
            _relationTerms = KnowledgeAnalysis.Terms(_analyzer, RelationWords).Where(_terms.DocFreq.ContainsKey).ToHashSet(StringComparer.Ordinal);
            _opinion = options.SecondOpinion;
            _model = _opinion.Enabled && examples is not null ? AnswerModel.Train(_analyzer, Sections.Select(s => s.Id).ToArray(), examples) : null;
        }
        catch
        {
            _reader?.Dispose();
            _directory.Dispose();
            _analyzer.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<KnowledgeSection> Sections { get; }

    /// <summary>The threshold every <see cref="SearchResult"/> carries (<see cref="KnowledgeOptions.MinScore"/>).</summary>
    public float MinScore { get; }

    /// <summary>How close runners-up must be to ask "did you mean" (<see cref="KnowledgeOptions.ClarifyMargin"/>).</summary>
    public float ClarifyMargin { get; }

    /// <summary>
    /// Reads <c>articles/*.md</c> and the optional <c>synonyms.txt</c> from <paramref name="knowledgeDirectory"/> and
    /// builds the index. Throws <see cref="KnowledgeFormatException"/> naming the file and line of any mistake.
    /// </summary>
    public static KnowledgeIndex Load(string knowledgeDirectory, KnowledgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(knowledgeDirectory);
        ArgumentNullException.ThrowIfNull(options);
        var articles = KnowledgeLoader.LoadArticles(knowledgeDirectory);
        var synonymsPath = Path.Combine(knowledgeDirectory, KnowledgeLoader.SynonymsFile);
        var examples = AnswerExamples.Load(
            Path.Combine(knowledgeDirectory, AnswerExamples.FileName),
            articles.SelectMany(a => a.Sections).Select(s => s.Id).ToHashSet(StringComparer.Ordinal));
        return new KnowledgeIndex(articles, KnowledgeLoader.ReadSynonyms(knowledgeDirectory), synonymsPath, options, examples);
    }

    /// <summary>Builds an index from articles already parsed, so tests can use a small corpus or drop the synonyms.</summary>
    internal static KnowledgeIndex Create(IReadOnlyList<KnowledgeArticle> articles, string? synonymRules, KnowledgeOptions options) =>
        new(articles, synonymRules, KnowledgeLoader.SynonymsFile, options);

    /// <summary>Builds an index from articles already parsed, naming <paramref name="synonymsPath"/> in errors (validation).</summary>
    internal static KnowledgeIndex Create(IReadOnlyList<KnowledgeArticle> articles, string? synonymRules, string synonymsPath, KnowledgeOptions options) =>
        new(articles, synonymRules, synonymsPath, options);

    /// <summary>Builds an index with the learned second opinion trained on <paramref name="examples"/> (tests).</summary>
    internal static KnowledgeIndex Create(IReadOnlyList<KnowledgeArticle> articles, string? synonymRules, KnowledgeOptions options, IReadOnlyList<AnswerExample> examples) =>
        new(articles, synonymRules, KnowledgeLoader.SynonymsFile, options, examples);

    /// <inheritdoc />
    public SearchResult Search(string question, int maxHits = 3) => Search(question, maxHits, MinScore, ClarifyMargin);

    /// <summary>Searches with a given threshold and clarify margin, so the evaluation can sweep them on one index.</summary>
    internal SearchResult Search(string question, int maxHits, float minScore, float clarifyMargin)
    {
        var (lexical, probabilities) = SearchLexical(question, maxHits, minScore, clarifyMargin);
        return probabilities is null ? lexical : Reconsider(lexical, probabilities, _opinion);
    }

    /// <summary>
    /// The lexical search's result, and the learned model's probabilities when the search ranked sections and decided on
    /// them (null when there is no model, when the search refused before ranking: an empty question, a clicked title, an
    /// out-of-scope request, and when the decision is one the model never changes: a list, or nothing ranked).
    /// </summary>
    internal (SearchResult Result, float[]? Probabilities) SearchLexical(string question, int maxHits, float minScore, float clarifyMargin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(question);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHits, 1);
        if (string.IsNullOrWhiteSpace(question))
        {
            return (new SearchResult([], minScore), null);
        }

        if (_byTitle.TryGetValue(NormalizeTitle(question), out var titled))
        {
            // A clicked button sends the section's title back; that is a choice, not a question to rank.
            var exact = new SearchHit(titled, 1f) { Why = "exact title" };
            return (new SearchResult([exact], minScore, SearchDecision.Answer, [exact]), null);
        }

        question = AuxiliaryTypos.Fix(question);

        // Which product to buy, how many steps a day, how to lose ten pounds: the words may match a tip, the request
        // is not one the articles answer.
        if (OutOfScopeRequest.Find(question) != OutOfScopeKind.None)
        {
            return (new SearchResult([], minScore), null);
        }

        var (words, outOfScope, done) = ReadQuestion(question);
        if (outOfScope)
        {
            return (new SearchResult([], minScore), null);
        }

        var ranked = Rank(words);
        var decided = Decide(question, words, ranked, maxHits, minScore, clarifyMargin, done);

        // Reconsider leaves a list, and a refusal with nothing ranked, as they are: no need to run the model for them.
        var reconsidered = decided.Decision != SearchDecision.List && decided.Hits.Count > 0;
        return (decided, reconsidered ? _model?.Predict(_analyzer, question) : null);
    }

    /// <inheritdoc />
    public KnowledgeSection? Find(string sectionId)
    {
        ArgumentNullException.ThrowIfNull(sectionId);
        return _positions.TryGetValue(sectionId, out var position) ? Sections[position] : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<KnowledgeSection> Related(string sectionId, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(sectionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 0);
        if (!_positions.TryGetValue(sectionId, out var position))
        {
            return [];
        }

        var section = Sections[position];
        var inArticle = Sections
            .Select((s, i) => (Section: s, Distance: Math.Abs(i - position)))
            .Where(c => c.Section.ArticleId == section.ArticleId && c.Distance > 0)
            .ToList();

        // Group mates answer the same kind of question, so they are the likeliest next question; then the sections
        // around it, which the article's author put together. Nearer first, the next section before the previous one.
        return inArticle
            .OrderBy(c => c.Section.Groups.Intersect(section.Groups, StringComparer.Ordinal).Any() ? 0 : 1)
            .ThenBy(c => c.Distance)
            .ThenBy(c => _positions[c.Section.Id] < position ? 1 : 0)
            .Take(max)
            .Select(c => c.Section)
            .ToList();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }

    private static void WriteDocuments(Lucene.Net.Store.Directory directory, Analyzer analyzer, IReadOnlyList<KnowledgeArticle> articles)
    {
        var config = new IndexWriterConfig(KnowledgeAnalysis.Version, analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
        };
        using var writer = new IndexWriter(directory, config);
        foreach (var article in articles)
        {
            var articleKeywords = string.Join(", ", article.Keywords);
            foreach (var section in article.Sections)
            {
                writer.AddDocument(new Document
                {
                    new StringField(KnowledgeFields.Id, section.Id, Field.Store.YES),
                    new TextField(KnowledgeFields.Title, section.Title, Field.Store.NO),
                    new TextField(KnowledgeFields.Keywords, string.Join(", ", section.Keywords), Field.Store.NO),
                    new TextField(KnowledgeFields.Text, section.Text, Field.Store.NO),
                    new TextField(KnowledgeFields.Article, articleKeywords, Field.Store.NO),
                });
            }
        }

        writer.Commit();
    }

    /// <summary>Lower case letters and digits, one space between words: how a title and a clicked button compare.</summary>
    internal static string NormalizeTitle(string text)
    {
        var normalized = new System.Text.StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && normalized.Length > 0)
                {
                    normalized.Append(' ');
                }

                normalized.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return normalized.ToString();
    }

    private BooleanQuery? BuildQuery(List<QueryWord> words)
    {
        var query = new BooleanQuery();
        foreach (var text in words.SelectMany(w => w.Terms).Distinct(StringComparer.Ordinal))
        {
            if (_terms.Postings.TryGetValue(text, out var postings))
            {
                foreach (var (term, context, boost) in postings)
                {
                    query.Add(new TermQuery(term, context) { Boost = boost }, Occur.SHOULD);
                }
            }
        }

        return query.Clauses.Count == 0 ? null : query;
    }

    /// <summary>
    /// Synonyms apply to the articles too, so an article word listed as out of scope would be indexed as the reserved
    /// word and its section could never be found; stop start-up instead of losing the answer silently.
    /// </summary>
    private void CheckNoSectionIsOutOfScope(string synonymsPath)
    {
        for (var doc = 0; doc < _terms.CreditsByDoc.Length; doc++)
        {
            if (_outOfScopeTerms.Any(_terms.CreditsByDoc[doc].ContainsKey))
            {
                throw new KnowledgeFormatException(
                    synonymsPath,
                    0,
                    $"Section '{_terms.SectionsByDoc[doc].Id}' uses a word that this file maps to '{OutOfScopeWord}'; remove the word from that line now that an article covers it.");
            }
        }
    }

    // BM25's IDF, so confidence weighs words the way the ranking does.
    private float Idf(int docFreq) =>
        (float)Math.Log(1 + (_terms.SectionsByDoc.Length - docFreq + 0.5) / (docFreq + 0.5));
}
