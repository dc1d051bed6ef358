using BackPainBot.Conversation.Dialogs;
using BackPainBot.Triage;
using Microsoft.Extensions.Logging;

namespace BackPainBot.Conversation.Screening;

/// <summary>
/// Asks what patients rarely volunteer (saddle numbness, bladder or bowel changes) when they report back pain with leg
/// symptoms, or the questions a doubt signal prompts (a mention near an emergency that no red-flag phrase matched). Ends with each asked code and its answer ("saddle-numbness:yes,bladder-dysfunction:no"); "not sure"
/// counts as yes: when in doubt, escalate. So does an answer that cannot be read within the prompt's retry limit
/// (<see cref="Unanswered"/>, "saddle-numbness:unanswered"): the patient is not asked forever, and the question about a
/// red flag is not taken as a no.
/// The questions are the clinic's, from the red-flag rule file.
/// </summary>
public sealed class ScreeningDialog : WaterfallDialog
{
    public const string DialogId = "screening";

    /// <summary>Option: what to do after an all-clear, <see cref="ThenBook"/> or <see cref="ThenAnswer"/>.</summary>
    public const string ThenKey = "then";

    /// <summary>Option: the question to answer after an all-clear.</summary>
    public const string QuestionKey = "question";

    public const string ThenBook = "book";
    public const string ThenAnswer = "answer";

    /// <summary>Option: the codes of the questions to ask, comma-separated; all of them when absent.</summary>
    public const string CodesKey = "codes";

    internal const string AnswerPrompt = "screening.answer";

    private const string AnswersKey = "answers";
    private const string Yes = "yes";
    private const string No = "no";

    /// <summary>The answer recorded for a question whose answers could not be read within the retry limit.</summary>
    public const string Unanswered = "unanswered";

    private readonly IReadOnlyList<ScreeningQuestion> _questions;
    private readonly Responses _responses;

    public ScreeningDialog(ITriageEngine triage, Responses responses, ILogger<ScreeningDialog>? logger = null)
        : base(DialogId)
    {
        _questions = triage.Screening;
        _responses = responses;
        Steps = [.. Enumerable.Range(0, _questions.Count + 1).Select(StepFor)];
        Prompts = [new TextPrompt(AnswerPrompt, RecognizeAnswer, logger)];
    }

    /// <summary>The prompts this dialog asks through; register them with the dialog set.</summary>
    public IReadOnlyList<Dialog> Prompts { get; }

    /// <summary>False when the rule file has no screening questions.</summary>
    public bool HasQuestions => _questions.Count > 0;

    protected override IReadOnlyList<WaterfallStep> Steps { get; }

    /// <summary>
    /// Each asked rule code, whether the answer reports it, and whether that is because no answer could be read (which
    /// reports it too), from a completed screening's result.
    /// </summary>
    public static IReadOnlyList<(string Code, bool Reported, bool Unanswered)> AnswersFrom(string? result) =>
        string.IsNullOrEmpty(result)
            ? []
            : [.. result.Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split(':'))
                .Select(parts => (Code: parts[0], Answer: parts.Length > 1 ? parts[1] : ""))
                .Select(a => (a.Code, a.Answer is Yes or Unanswered, a.Answer == Unanswered))];

    private WaterfallStep StepFor(int index) => (step, cancellationToken) =>
    {
        var asking = QuestionsToAsk(step.Values);
        if (index > 0)
        {
            var earlier = step.Values.GetValueOrDefault(AnswersKey);
            var answer = $"{asking[index - 1].Code}:{(step.Result == TextPrompt.NoAnswer ? Unanswered : step.Result)}";
            step.Values[AnswersKey] = string.IsNullOrEmpty(earlier) ? answer : $"{earlier},{answer}";
        }

        // A "yes" is a red flag: act on it now rather than finish the questions. So is an answer that could not be read.
        if (index >= asking.Count || (index > 0 && step.Result is Yes or TextPrompt.NoAnswer))
        {
            return step.EndAsync(step.Values.GetValueOrDefault(AnswersKey) ?? "", cancellationToken);
        }

        var text = index == 0 ? $"{_responses.ScreeningIntro}\n\n{asking[0].Question}" : asking[index].Question;
        return step.PromptAsync(
            AnswerPrompt,
            new PromptOptions(text, _responses.RetryScreening, [Responses.YesAction, Responses.NoAction, Responses.NotSureAction]),
            cancellationToken);
    };

    private List<ScreeningQuestion> QuestionsToAsk(Dictionary<string, string?> values) =>
        values.GetValueOrDefault(CodesKey) is { Length: > 0 } codes
            ? [.. _questions.Where(q => codes.Split(',').Contains(q.Code))]
            : [.. _questions];

    private static string? RecognizeAnswer(string text) =>
        Intents.IsNotSure(text) || Intents.IsYes(text) ? Yes
        : Intents.IsNo(text) ? No
        : null;
}
