using Lucene.Net.Index;
using Lucene.Net.Search;

namespace BackPainBot.Knowledge;

/// <summary>
/// What the built index contains, read back once at start-up: each section's terms (with how strongly each field
/// vouches for them), document frequencies, and a ready <see cref="TermContext"/> per field and term.
/// </summary>
/// <remarks>
/// The index never changes, so reading this once turns confidence scoring into dictionary look-ups and lets queries
/// skip Lucene's per-term dictionary seek (and the few kilobytes of garbage each seek leaves behind).
/// </remarks>
internal sealed class IndexedTerms
{
    private IndexedTerms(
        KnowledgeSection[] sectionsByDoc,
        Dictionary<string, float>[] creditsByDoc,
        Dictionary<string, TermFields>[] fieldsByDoc,
        Dictionary<string, int> docFreq,
        Dictionary<string, List<(Term Term, TermContext Context, float Boost)>> postings)
    {
        SectionsByDoc = sectionsByDoc;
        CreditsByDoc = creditsByDoc;
        FieldsByDoc = fieldsByDoc;
        DocFreq = docFreq;
        Postings = postings;
    }

    /// <summary>The section behind each Lucene document id.</summary>
    public KnowledgeSection[] SectionsByDoc { get; }

    /// <summary>Per document: each term and its credit (1 from a title, keywords or article field; less from body text only).</summary>
    public Dictionary<string, float>[] CreditsByDoc { get; }

    /// <summary>Per document: each term and the fields it occurs in, to explain a match.</summary>
    public Dictionary<string, TermFields>[] FieldsByDoc { get; }

    /// <summary>How many sections contain each term, in any field.</summary>
    public Dictionary<string, int> DocFreq { get; }

    /// <summary>Per term: the fields it occurs in, ready to become boosted term queries.</summary>
    public Dictionary<string, List<(Term Term, TermContext Context, float Boost)>> Postings { get; }

    public static IndexedTerms Read(IndexSearcher searcher, IReadOnlyList<KnowledgeSection> sections, float textOnlyCredit)
    {
        var reader = searcher.IndexReader;
        var byId = sections.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var sectionsByDoc = new KnowledgeSection[reader.MaxDoc];
        var creditsByDoc = new Dictionary<string, float>[reader.MaxDoc];
        var fieldsByDoc = new Dictionary<string, TermFields>[reader.MaxDoc];
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            sectionsByDoc[doc] = byId[reader.Document(doc).Get(KnowledgeFields.Id)];
            creditsByDoc[doc] = new Dictionary<string, float>(StringComparer.Ordinal);
            fieldsByDoc[doc] = new Dictionary<string, TermFields>(StringComparer.Ordinal);
        }

        var postings = new Dictionary<string, List<(Term, TermContext, float)>>(StringComparer.Ordinal);
        foreach (var (field, boost) in KnowledgeFields.Boosts)
        {
            var credit = field == KnowledgeFields.Text ? textOnlyCredit : 1f;
            var flag = KnowledgeFields.Flag(field);
            var fieldTerms = new HashSet<string>(StringComparer.Ordinal);
            foreach (var leaf in reader.Leaves)
            {
                var terms = leaf.AtomicReader.GetTerms(field);
                if (terms is null)
                {
                    continue;
                }

                var termsEnum = terms.GetEnumerator();
                DocsEnum? docs = null;
                while (termsEnum.MoveNext())
                {
                    var text = termsEnum.Term.Utf8ToString();
                    fieldTerms.Add(text);
                    docs = termsEnum.Docs(leaf.AtomicReader.LiveDocs, docs);
                    int doc;
                    while ((doc = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                    {
                        var credits = creditsByDoc[leaf.DocBase + doc];
                        credits[text] = Math.Max(credits.GetValueOrDefault(text), credit);
                        var fields = fieldsByDoc[leaf.DocBase + doc];
                        fields[text] = fields.GetValueOrDefault(text) | flag;
                    }
                }
            }

            foreach (var text in fieldTerms)
            {
                var term = new Term(field, text);
                if (!postings.TryGetValue(text, out var list))
                {
                    postings[text] = list = [];
                }

                list.Add((term, TermContext.Build(searcher.TopReaderContext, term), boost));
            }
        }

        var docFreq = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in creditsByDoc.SelectMany(c => c.Keys))
        {
            docFreq[term] = docFreq.GetValueOrDefault(term) + 1;
        }

        return new IndexedTerms(sectionsByDoc, creditsByDoc, fieldsByDoc, docFreq, postings);
    }
}
