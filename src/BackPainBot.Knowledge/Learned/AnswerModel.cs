using System.Diagnostics;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace BackPainBot.Knowledge;

/// <summary>
/// The learned second opinion on answers: a softmax (multinomial logistic) model over the sections and one class for
/// "refuse", trained when the index is built from the clinic's example questions (<see cref="AnswerExamples"/>).
/// </summary>
/// <remarks>
/// <para>
/// Features, hashed into <see cref="Dimensions"/> buckets so scoring a question allocates little: the index's analyzed
/// terms (stems and synonyms, so "trainers" is "shoe" and an out-of-scope word is the reserved word), each again marked by
/// whether it is in a clause that asks or in the story around it (<see cref="StoryClauseSpans"/>); pairs of neighbouring
/// analyzed terms; the surface words including the stop words the search drops ("how much", "near me", "where"), and
/// their pairs; and character 4-grams of each word, for misspellings. The vector is scaled to unit length.
/// </para>
/// <para>
/// Training is plain stochastic gradient descent on the cross-entropy, a fixed number of epochs in a fixed order, so two
/// builds of the same files give the same model. An example with several acceptable sections spreads its target over them.
/// </para>
/// </remarks>
internal sealed class AnswerModel
{
    /// <summary>Hash buckets for features (a power of two).</summary>
    internal const int Dimensions = 1 << 16;

    private const int Epochs = 8;
    private const float LearningRate = 0.5f;
    private const float CharGramValue = 0.35f;

    private readonly float[] _weights;
    private readonly float[] _bias;

    private AnswerModel(string[] classes, float[] weights, float[] bias, TimeSpan trainingTime, TimeSpan featurizingTime, int examples, bool[] learned)
    {
        Learned = learned;
        FeaturizingTime = featurizingTime;
        Classes = classes;
        _weights = weights;
        _bias = bias;
        TrainingTime = trainingTime;
        ExampleCount = examples;
    }

    /// <summary>The section ids the model knows, in article order, then <see cref="Refuse"/> last.</summary>
    public string[] Classes { get; }

    /// <summary>The class name of "refuse" (out of scope).</summary>
    public const string Refuse = "-";

    /// <summary>How long training took (featurizing included).</summary>
    public TimeSpan TrainingTime { get; }

    /// <summary>How much of <see cref="TrainingTime"/> went on reading the examples into features.</summary>
    public TimeSpan FeaturizingTime { get; }

    /// <summary>
    /// Per class, whether any example named it. A section added after the examples were written has none: the model
    /// knows nothing of it, and its "refuse" may be old examples about the topic the new section now covers.
    /// </summary>
    public bool[] Learned { get; }

    /// <summary>How many examples it was trained on.</summary>
    public int ExampleCount { get; }

    /// <summary>Index of the refuse class in <see cref="Classes"/> and in probabilities.</summary>
    public int RefuseClass => Classes.Length - 1;

    /// <summary>Trains on <paramref name="examples"/>; null when there are none (no second opinion).</summary>
    public static AnswerModel? Train(Analyzer analyzer, IReadOnlyList<string> sectionIds, IReadOnlyList<AnswerExample> examples)
    {
        if (examples.Count == 0)
        {
            return null;
        }

        var watch = Stopwatch.StartNew();
        var classes = sectionIds.Append(Refuse).ToArray();
        var k = classes.Length;
        var classOf = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var rows = new (Feature[] Features, int[] Targets)[examples.Count];
        // Each example is read on its own (the analyzer keeps one token stream per thread), so the two cores share it.
        Parallel.For(0, examples.Count, () => new List<Feature>(128), (i, _, buffer) =>
        {
            buffer.Clear();
            Featurize(analyzer, AuxiliaryTypos.Fix(examples[i].Question), buffer);
            var targets = examples[i].SectionIds.Count == 0
                ? [k - 1]
                : examples[i].SectionIds.Select(id => classOf[id]).Distinct().ToArray();
            rows[i] = ([.. buffer], targets);
            return buffer;
        }, _ => { });

        var featurizing = watch.Elapsed;
        var weights = new float[Dimensions * k];
        var bias = new float[k];
        var logits = new float[k];
        var order = Enumerable.Range(0, rows.Length).ToArray();
        var random = new Random(17);
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(order);
            var rate = LearningRate / (1 + epoch * 0.5f);
            foreach (var r in order)
            {
                var (features, targets) = rows[r];
                Scores(weights, bias, features, logits);
                Softmax(logits);
                var share = 1f / targets.Length;
                for (var c = 0; c < k; c++)
                {
                    var target = Array.IndexOf(targets, c) >= 0 ? share : 0f;
                    var gradient = rate * (target - logits[c]);
                    if (gradient == 0)
                    {
                        continue;
                    }

                    bias[c] += gradient * 0.1f;
                    foreach (var f in features)
                    {
                        weights[f.Index * k + c] += gradient * f.Value;
                    }
                }
            }
        }

        var learned = new bool[k];
        foreach (var (_, targets) in rows)
        {
            foreach (var t in targets)
            {
                learned[t] = true;
            }
        }

        return new AnswerModel(classes, weights, bias, watch.Elapsed, featurizing, examples.Count, learned);
    }

    /// <summary>The probability of each class (<see cref="Classes"/>) for <paramref name="question"/>.</summary>
    public float[] Predict(Analyzer analyzer, string question)
    {
        var features = new List<Feature>(128);
        Featurize(analyzer, question, features);
        var probabilities = new float[Classes.Length];
        Scores(_weights, _bias, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(features), probabilities);
        Softmax(probabilities);
        return probabilities;
    }

    private static void Scores(float[] weights, float[] bias, ReadOnlySpan<Feature> features, float[] into)
    {
        var k = into.Length;
        bias.AsSpan().CopyTo(into);
        foreach (var f in features)
        {
            var row = weights.AsSpan(f.Index * k, k);
            for (var c = 0; c < k; c++)
            {
                into[c] += f.Value * row[c];
            }
        }
    }

    private static void Softmax(float[] values)
    {
        var max = values.Max();
        var sum = 0f;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= sum;
        }
    }

    /// <summary>The question's hashed features, scaled to unit length.</summary>
    internal static void Featurize(Analyzer analyzer, string question, List<Feature> into)
    {
        var story = StoryClauseSpans.Find(question);
        uint previous = 0;
        var lastPosition = -1;
        var position = -1;
        using (var stream = analyzer.GetTokenStream(KnowledgeFields.Text, question))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var increment = stream.AddAttribute<IPositionIncrementAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                position += increment.PositionIncrement;
                var text = term.Buffer.AsSpan(0, term.Length);
                var hash = Hash(text, 0x811C9DC5u);
                var inStory = InSpans(story, offset.StartOffset);
                Add(into, hash, 1f);
                Add(into, Mix(hash, inStory ? 0x5u : 0xAu), 1f);
                if (position != lastPosition)
                {
                    if (lastPosition >= 0)
                    {
                        Add(into, Mix(Mix(previous, 0xB1u), hash), 1f);
                    }

                    previous = hash;
                    lastPosition = position;
                }
            }

            stream.End();
        }

        // Surface words (stop words included), their pairs, and character 4-grams of each word.
        uint previousWord = 0;
        var i = 0;
        Span<char> word = stackalloc char[34];
        while (i < question.Length)
        {
            if (!char.IsLetterOrDigit(question[i]))
            {
                i++;
                continue;
            }

            var length = 0;
            word[length++] = ' ';
            while (i < question.Length && (char.IsLetterOrDigit(question[i]) || question[i] == '\''))
            {
                if (question[i] != '\'' && length < word.Length - 1)
                {
                    word[length++] = char.ToLowerInvariant(question[i]);
                }

                i++;
            }

            word[length++] = ' ';
            var w = word[..length];
            var wordHash = Hash(w, 0x01000193u);
            Add(into, wordHash, 1f);
            if (previousWord != 0)
            {
                Add(into, Mix(Mix(previousWord, 0xC3u), wordHash), 1f);
            }

            previousWord = wordHash;
            if (w.Length <= 4)
            {
                Add(into, Hash(w, 0x2545F491u), CharGramValue);
            }
            else
            {
                for (var g = 0; g + 4 <= w.Length; g++)
                {
                    Add(into, Hash(w.Slice(g, 4), 0x2545F491u), CharGramValue);
                }
            }
        }

        var norm = 0f;
        foreach (var f in into)
        {
            norm += f.Value * f.Value;
        }

        if (norm > 0)
        {
            var scale = 1f / MathF.Sqrt(norm);
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(into);
            for (var j = 0; j < span.Length; j++)
            {
                span[j] = span[j] with { Value = span[j].Value * scale };
            }
        }
    }

    private static bool InSpans(List<(int Start, int End)> spans, int offset)
    {
        foreach (var (start, end) in spans)
        {
            if (offset >= start && offset < end)
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(List<Feature> into, uint hash, float value) =>
        into.Add(new Feature((int)(hash & (Dimensions - 1)), value));

    private static uint Hash(ReadOnlySpan<char> text, uint seed)
    {
        var hash = seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 0x01000193u;
        }

        return Mix(hash, 0);
    }

    private static uint Mix(uint a, uint b)
    {
        var h = a ^ (b * 0x9E3779B1u);
        h ^= h >> 16;
        h *= 0x85EBCA6Bu;
        h ^= h >> 13;
        h *= 0xC2B2AE35u;
        h ^= h >> 16;
        return h;
    }

    /// <summary>One hashed feature and its value.</summary>
    internal readonly record struct Feature(int Index, float Value);
}
