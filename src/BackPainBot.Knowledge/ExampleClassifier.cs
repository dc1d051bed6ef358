using Lucene.Net.Analysis;

namespace BackPainBot.Knowledge;

/// <summary>
/// A softmax (multinomial logistic) classifier over the examples' analyzed terms and neighbouring term pairs, trained at
/// index build: the probability that a question is about each section, or one the bot should refuse.
/// </summary>
internal sealed class ExampleClassifier
{
    public const string Refuse = "-";
    private readonly string[] _labels;
    private readonly Dictionary<string, int> _features;
    private readonly float[,] _weights;
    private readonly float[] _bias;

    private ExampleClassifier(string[] labels, Dictionary<string, int> features, float[,] weights, float[] bias)
    {
        _labels = labels;
        _features = features;
        _weights = weights;
        _bias = bias;
    }

    public static ExampleClassifier Build(IReadOnlyList<KnowledgeExample> examples, Analyzer analyzer, int epochs = 30, double rate = 0.3, double l2 = 1e-4)
    {
        var labels = examples.SelectMany(e => e.InScope ? e.SectionIds : [Refuse]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var features = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<(int[] X, double[] Y)>();
        foreach (var example in examples)
        {
            var x = Features(KnowledgeAnalysis.Terms(analyzer, example.Question)).Select(f => features.TryGetValue(f, out var i) ? i : features[f] = features.Count).Distinct().ToArray();
            var y = new double[labels.Length];
            var ids = example.InScope ? example.SectionIds : [Refuse];
            foreach (var id in ids)
            {
                y[labelIndex[id]] += 1.0 / ids.Count;
            }

            rows.Add((x, y));
        }

        var w = new float[features.Count, labels.Length];
        var b = new float[labels.Length];
        var random = new Random(17);
        var order = Enumerable.Range(0, rows.Count).ToArray();
        var p = new double[labels.Length];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            var lr = rate / (1 + epoch * 0.1);
            foreach (var r in order)
            {
                var (x, y) = rows[r];
                Predict(x, w, b, p);
                for (var c = 0; c < labels.Length; c++)
                {
                    var g = p[c] - y[c];
                    b[c] -= (float)(lr * g);
                    foreach (var f in x)
                    {
                        w[f, c] -= (float)(lr * (g + l2 * w[f, c]));
                    }
                }
            }
        }

        return new ExampleClassifier(labels, features, w, b);
    }

    /// <summary>Probability per label (section id or "-"); empty when the question has no known feature.</summary>
    public Dictionary<string, double> Probabilities(IReadOnlyList<string> terms)
    {
        var x = Features(terms).Where(_features.ContainsKey).Select(f => _features[f]).Distinct().ToArray();
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (x.Length == 0)
        {
            return result;
        }

        var p = new double[_labels.Length];
        Predict(x, _weights, _bias, p);
        for (var c = 0; c < _labels.Length; c++)
        {
            result[_labels[c]] = p[c];
        }

        return result;
    }

    private static void Predict(int[] x, float[,] w, float[] b, double[] p)
    {
        var max = double.MinValue;
        for (var c = 0; c < p.Length; c++)
        {
            var z = (double)b[c];
            foreach (var f in x)
            {
                z += w[f, c];
            }

            p[c] = z;
            max = Math.Max(max, z);
        }

        var sum = 0.0;
        for (var c = 0; c < p.Length; c++)
        {
            p[c] = Math.Exp(p[c] - max);
            sum += p[c];
        }

        for (var c = 0; c < p.Length; c++)
        {
            p[c] /= sum;
        }
    }

    private static IEnumerable<string> Features(IReadOnlyList<string> terms)
    {
        for (var i = 0; i < terms.Count; i++)
        {
            yield return terms[i];
            if (i > 0)
            {
                yield return terms[i - 1] + " " + terms[i];
            }
        }
    }
}
