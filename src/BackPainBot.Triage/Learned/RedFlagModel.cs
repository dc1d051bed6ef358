using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BackPainBot.Triage.Text;

namespace BackPainBot.Triage.Learned;

/// <summary>
/// One-vs-rest logistic regression per rule code over <see cref="MessageFeatures"/>, trained by stochastic gradient
/// descent, the epochs' weights averaged. Training is deterministic: examples in file order, shuffled each epoch by a
/// fixed seed, and summed in a fixed order, so the same examples always give the same weights. Immutable once trained
/// and thread-safe.
/// </summary>
internal sealed class RedFlagModel
{
    /// <summary>Passes over the examples.</summary>
    public const int Epochs = 6;

    /// <summary>The seed of each epoch's shuffle.</summary>
    public const int Seed = 20261129;

    // The first epoch's rate (each later epoch's is this over 1 + the epoch). Chosen on the validation rows only
    // (README.md): at 0.8 the model did not learn the statements it was shown that a body function is fine ("I can pee
    // fine" stayed at 0.75 for bladder trouble after training on it as none); 2 to 6 gave about the same figures, 4 the
    // most round-11 emergencies with the fewest false escalations.
    private const float LearningRate = 4f;

    /// <summary>An example whose every code is predicted within this of its label teaches nothing more.</summary>
    private const float Margin = 0.05f;

    // Weights of bucket b for code k at [b * _stride + k]: a feature's weights for every code sit together.
    private readonly float[] _weights;
    private readonly float[] _bias;
    private readonly int _stride;

    private RedFlagModel(IReadOnlyList<string> codes, int stride, float[] weights, float[] bias)
    {
        Codes = codes;
        _stride = stride;
        _weights = weights;
        _bias = bias;
    }

    /// <summary>The codes scored, in rule-file order; a score's index is the code's index here.</summary>
    public IReadOnlyList<string> Codes { get; }

    /// <summary>Trains a model for <paramref name="codes"/> on <paramref name="examples"/>.</summary>
    // Run once at start-up: compiled optimised straight away rather than first as quick unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RedFlagModel Train(IReadOnlyList<string> codes, IReadOnlyList<TriageExample> examples)
    {
        var stride = Stride(codes.Count);
        var index = codes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var features = new int[examples.Count][];
        var values = new float[examples.Count];
        var labels = new float[examples.Count][];
        for (var e = 0; e < examples.Count; e++)
        {
            var tokens = Tokenizer.Tokenize(examples[e].Message);
            var buffer = new (int Bucket, int Word)[MessageFeatures.MaxFeatures(tokens)];
            var count = MessageFeatures.Distinct(buffer, MessageFeatures.Extract(tokens, buffer));
            features[e] = new int[count];
            for (var n = 0; n < count; n++)
            {
                features[e][n] = buffer[n].Bucket * stride;
            }

            values[e] = count == 0 ? 0 : 1 / MathF.Sqrt(count);
            labels[e] = new float[stride];
            foreach (var code in examples[e].Codes)
            {
                if (index.TryGetValue(code, out var i))
                {
                    labels[e][i] = 1;
                }
            }
        }

        // Plain SGD with a rate falling each epoch; the weights kept are the average of the epochs' ends after the
        // first, which steadies them at no cost per step. An example the model already gets right within the margin
        // for every code changes nothing and is passed over.
        var w = new float[MessageFeatures.Buckets * stride];
        var average = new float[w.Length];
        var b = new float[stride];
        var averageBias = new float[stride];
        var z = new float[stride];
        var g = new float[stride];
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(Seed);
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(order);
            var rate = LearningRate / (1 + epoch);
            foreach (var e in order)
            {
                var x = values[e];
                b.CopyTo(z, 0);
                var sums = MemoryMarshal.Cast<float, Vector<float>>(z.AsSpan());
                foreach (var f in features[e])
                {
                    var row = MemoryMarshal.Cast<float, Vector<float>>(w.AsSpan(f, stride));
                    for (var v = 0; v < row.Length; v++)
                    {
                        sums[v] += row[v] * x;
                    }
                }

                var worst = 0f;
                var y = labels[e];
                for (var i = 0; i < codes.Count; i++)
                {
                    var error = y[i] - (1 / (1 + MathF.Exp(-z[i])));
                    worst = MathF.Max(worst, MathF.Abs(error));
                    g[i] = rate * error;
                    b[i] += g[i];
                }

                if (worst < Margin)
                {
                    continue;
                }

                var steps = MemoryMarshal.Cast<float, Vector<float>>(g.AsSpan());
                foreach (var f in features[e])
                {
                    var row = MemoryMarshal.Cast<float, Vector<float>>(w.AsSpan(f, stride));
                    for (var v = 0; v < row.Length; v++)
                    {
                        row[v] += steps[v] * x;
                    }
                }
            }

            if (epoch > 0)
            {
                Add(average, w);
                Add(averageBias, b);
            }
        }

        var scale = 1f / (Epochs - 1);
        Scale(average, scale);
        Scale(averageBias, scale);
        return new RedFlagModel(codes, stride, average, averageBias);
    }

    /// <summary>Codes padded to whole vectors, so a feature's weights for every code are a few vector operations.</summary>
    private static int Stride(int codes) => (codes + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;

    private static void Add(float[] into, float[] values)
    {
        var target = MemoryMarshal.Cast<float, Vector<float>>(into.AsSpan());
        var source = MemoryMarshal.Cast<float, Vector<float>>(values.AsSpan());
        for (var v = 0; v < target.Length; v++)
        {
            target[v] += source[v];
        }
    }

    private static void Scale(float[] values, float factor)
    {
        var target = MemoryMarshal.Cast<float, Vector<float>>(values.AsSpan());
        for (var v = 0; v < target.Length; v++)
        {
            target[v] *= factor;
        }
    }

    /// <summary>
    /// The probability of each code for <paramref name="tokens"/>, into <paramref name="scores"/> (one per code). Uses
    /// <paramref name="buffer"/> (at least <see cref="MessageFeatures.MaxFeatures"/>) for the features.
    /// </summary>
    /// <remarks>
    /// The whole message is scored, as the examples are labelled. Scoring each sentence on its own as well, so that a
    /// red flag in one sentence of a long message is not thinned out by the others, was tried and measured on the
    /// validation rows: no emergency more, and two more of the messages that must not escalate were escalated.
    /// </remarks>
    public void Score(Token[] tokens, Span<(int Bucket, int Word)> buffer, Span<float> scores)
    {
        var count = MessageFeatures.Distinct(buffer, MessageFeatures.Extract(tokens, buffer));
        Span<float> z = stackalloc float[_stride];
        _bias.CopyTo(z);
        if (count > 0)
        {
            var x = 1 / MathF.Sqrt(count);
            var sums = MemoryMarshal.Cast<float, Vector<float>>(z);
            var weights = _weights.AsSpan();
            for (var n = 0; n < count; n++)
            {
                var row = MemoryMarshal.Cast<float, Vector<float>>(weights.Slice(buffer[n].Bucket * _stride, _stride));
                for (var v = 0; v < row.Length; v++)
                {
                    sums[v] += row[v] * x;
                }
            }
        }

        for (var i = 0; i < Codes.Count; i++)
        {
            scores[i] = 1 / (1 + MathF.Exp(-z[i]));
        }
    }

    /// <summary>
    /// How much each word of <paramref name="tokens"/> speaks for code <paramref name="code"/> (its index): the sum of
    /// its features' weights, a pair of words counted for the first. Called only for a code the model raises.
    /// </summary>
    public float[] WordWeights(Token[] tokens, int code)
    {
        var buffer = new (int Bucket, int Word)[MessageFeatures.MaxFeatures(tokens)];
        var count = MessageFeatures.Distinct(buffer, MessageFeatures.Extract(tokens, buffer));
        var weights = new float[tokens.Length];
        var x = count == 0 ? 0 : 1 / MathF.Sqrt(count);
        for (var n = 0; n < count; n++)
        {
            weights[buffer[n].Word] += x * _weights[(buffer[n].Bucket * _stride) + code];
        }

        return weights;
    }
}
