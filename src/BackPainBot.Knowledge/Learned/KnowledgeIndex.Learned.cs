using System.Globalization;

namespace BackPainBot.Knowledge;

/// <summary>The learned second opinion on answers (<see cref="AnswerModel"/>) and how it may change the search's decision.</summary>
public sealed partial class KnowledgeIndex
{
    private readonly AnswerModel? _model;
    private readonly AnswerOpinionOptions _opinion;

    /// <summary>Whether the index has a learned second opinion (examples were found and it is enabled).</summary>
    internal bool HasModel => _model is not null;

    /// <summary>How long training the second opinion took when the index was built, or null without one.</summary>
    internal TimeSpan? ModelTrainingTime => _model?.TrainingTime;

    /// <summary>How much of <see cref="ModelTrainingTime"/> went on featurizing the examples.</summary>
    internal TimeSpan? ModelFeaturizingTime => _model?.FeaturizingTime;

    /// <summary>
    /// The model's probability per section id (and <see cref="AnswerModel.Refuse"/> for "refuse"), highest first; empty
    /// without a model. For <c>ask</c> and tests.
    /// </summary>
    public IReadOnlyList<(string SectionId, float Probability)> Opinion(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (_model is null)
        {
            return [];
        }

        var p = _model.Predict(_analyzer, AuxiliaryTypos.Fix(question));
        return _model.Classes.Select((c, i) => (c, p[i])).OrderByDescending(c => c.Item2).ToList();
    }

    /// <summary>
    /// The three narrow ways the model may change the lexical decision (each off when its setting is above 1):
    /// <list type="bullet">
    /// <item>A, answer: nothing cleared the threshold, and the model gives one of the search's top three ranked sections
    /// at least <see cref="AnswerOpinionOptions.AnswerConfidence"/>.</item>
    /// <item>B, refuse: the search answered or asked which one, and the model gives "refuse" at least
    /// <see cref="AnswerOpinionOptions.RefuseConfidence"/>.</item>
    /// <item>C, reorder: the model prefers the search's second choice (above the threshold) to its first by at least
    /// <see cref="AnswerOpinionOptions.ReorderMargin"/>.</item>
    /// </list>
    /// Lists (a request for a group of tips) are left alone, and so is a decision about a section no example names (B and
    /// C): a section the clinic added after writing the examples is unknown to the model, and old "refuse" examples may
    /// be about exactly the topic it now covers.
    /// </summary>
    internal SearchResult Reconsider(SearchResult lexical, float[] p, AnswerOpinionOptions settings)
    {
        var model = _model!;
        var refuse = p[model.RefuseClass];
        switch (lexical.Decision)
        {
            case SearchDecision.NoMatch:
            {
                foreach (var hit in lexical.Hits.Take(3))
                {
                    var pi = p[_positions[hit.Section.Id]];
                    if (hit.Score > 0 && pi >= settings.AnswerConfidence && pi > refuse)
                    {
                        var note = Note("answered", hit.Section.Id, pi);
                        return new SearchResult(lexical.Hits, lexical.Threshold, SearchDecision.Answer, [hit with { Why = note + "; " + hit.Why }])
                        {
                            SecondOpinion = note,
                        };
                    }
                }

                return lexical;
            }

            case SearchDecision.Answer or SearchDecision.Clarify when lexical.Selected.Any(h => !model.Learned[_positions[h.Section.Id]]):
                return lexical;

            case SearchDecision.Answer or SearchDecision.Clarify when refuse >= settings.RefuseConfidence:
                return new SearchResult(lexical.Hits, lexical.Threshold, SearchDecision.NoMatch, [])
                {
                    SecondOpinion = string.Create(CultureInfo.InvariantCulture, $"second opinion refused (p refuse {refuse:0.00})"),
                };

            case SearchDecision.Answer:
            {
                var first = lexical.Selected[0];
                var second = lexical.Hits.FirstOrDefault(h => h.Section.Id != first.Section.Id);
                if (second is not null && second.Score >= lexical.Threshold && model.Learned[_positions[second.Section.Id]]
                    && p[_positions[second.Section.Id]] - p[_positions[first.Section.Id]] >= settings.ReorderMargin)
                {
                    var note = Note("preferred", second.Section.Id, p[_positions[second.Section.Id]]);
                    return new SearchResult(lexical.Hits, lexical.Threshold, SearchDecision.Answer, [second with { Why = note + "; " + second.Why }])
                    {
                        SecondOpinion = note,
                    };
                }

                return lexical;
            }

            case SearchDecision.Clarify:
            {
                var selected = lexical.Selected;
                if (model.Learned[_positions[selected[1].Section.Id]]
                    && p[_positions[selected[1].Section.Id]] - p[_positions[selected[0].Section.Id]] >= settings.ReorderMargin)
                {
                    var reordered = selected.ToList();
                    (reordered[0], reordered[1]) = (reordered[1], reordered[0]);
                    return new SearchResult(lexical.Hits, lexical.Threshold, SearchDecision.Clarify, reordered)
                    {
                        SecondOpinion = Note("offered first", reordered[0].Section.Id, p[_positions[reordered[0].Section.Id]]),
                    };
                }

                return lexical;
            }

            default:
                return lexical;
        }
    }

    private static string Note(string what, string id, float probability) =>
        string.Create(CultureInfo.InvariantCulture, $"second opinion {what} {id} (p {probability:0.00})");
}
