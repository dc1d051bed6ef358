using BackPainBot.Conversation.Dialogs;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;

namespace BackPainBot.Conversation.Tests;

/// <summary>The prompt engine's retry limit on its own: per prompt, the default, and what it logs.</summary>
public sealed class TextPromptTests
{
    private const string PromptId = "test.number";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public async Task UnusableAnswers_AreReaskedUpToThePromptsLimitThenEndWithNoAnswer(int maxRetries)
    {
        var run = new PromptRun(new PromptOptions("Pick a number", "A number, please", MaxRetries: maxRetries));
        await run.BeginAsync();

        for (var i = 0; i < maxRetries; i++)
        {
            Assert.Equal(DialogTurnStatus.Waiting, await run.AnswerAsync("seven-ish"));
            Assert.Equal("A number, please", Assert.Single(run.Replies()).Text);
        }

        Assert.Equal(DialogTurnStatus.Complete, await run.AnswerAsync("seven-ish"));
        Assert.Empty(run.Replies());
        Assert.Equal(TextPrompt.NoAnswer, run.Context.CompletedResult);
    }

    [Fact]
    public async Task DefaultLimit_IsTwoRetriesThreeTriesInAll_AUsableThirdTryIsTheAnswerAndAThirdUnusableOneEndsThePrompt()
    {
        Assert.Equal(2, PromptOptions.DefaultMaxRetries);
        var run = new PromptRun(new PromptOptions("Pick a number", "A number, please"));
        await run.BeginAsync();

        await run.AnswerAsync("seven-ish");
        await run.AnswerAsync("seven-ish");
        Assert.Equal(DialogTurnStatus.Complete, await run.AnswerAsync("7"));
        Assert.Equal("7", run.Context.CompletedResult);

        var unanswered = new PromptRun(new PromptOptions("Pick a number", "A number, please"));
        await unanswered.BeginAsync();
        await unanswered.AnswerAsync("seven-ish");
        await unanswered.AnswerAsync("seven-ish");
        Assert.Equal(DialogTurnStatus.Complete, await unanswered.AnswerAsync("seven-ish"));
        Assert.Equal(TextPrompt.NoAnswer, unanswered.Context.CompletedResult);
    }

    [Fact]
    public async Task PromptSavedBeforeLimitsExisted_UsesTheDefaultLimit()
    {
        var run = new PromptRun(new PromptOptions("Pick a number", "A number, please"));
        await run.BeginAsync();
        run.Context.ActiveInstance!.Values.Remove(PromptKeys.MaxRetries);

        await run.AnswerAsync("seven-ish");
        await run.AnswerAsync("seven-ish");

        Assert.Equal(DialogTurnStatus.Complete, await run.AnswerAsync("seven-ish"));
        Assert.Equal(TextPrompt.NoAnswer, run.Context.CompletedResult);
    }

    [Fact]
    public async Task LimitReached_LogsThePromptAndTheLimitButNeverWhatWasTyped()
    {
        var run = new PromptRun(new PromptOptions("Pick a number", "A number, please", MaxRetries: 1));
        await run.BeginAsync();

        await run.AnswerAsync("my secret words");
        Assert.Empty(run.Log);
        await run.AnswerAsync("my other secret words");

        var line = Assert.Single(run.Log);
        Assert.Contains(PromptId, line);
        Assert.Contains("retry limit", line);
        Assert.DoesNotContain("secret", line);
    }

    /// <summary>One prompt on a dialog stack, answered turn by turn.</summary>
    private sealed class PromptRun
    {
        private readonly TestAdapter _adapter = new();
        private readonly List<DialogInstance> _stack = [];
        private readonly TextPrompt _prompt;
        private readonly PromptOptions _options;

        public PromptRun(PromptOptions options)
        {
            _options = options;
            _prompt = new TextPrompt(PromptId, text => int.TryParse(text, out _) ? text : null, new ListLogger(Log));
            Context = NewContext("");
        }

        public List<string> Log { get; } = [];

        public DialogContext Context { get; private set; }

        public async Task BeginAsync()
        {
            await Context.BeginDialogAsync(PromptId, PromptValues(), CancellationToken.None);
            Replies();
        }

        public Task<DialogTurnStatus> AnswerAsync(string text)
        {
            Context = NewContext(text);
            return Context.ContinueDialogAsync(CancellationToken.None);
        }

        public List<IMessageActivity> Replies()
        {
            var replies = new List<IMessageActivity>();
            while (_adapter.GetNextReply() is { } reply)
            {
                replies.Add(reply.AsMessageActivity());
            }

            return replies;
        }

        // The same values a waterfall step passes (WaterfallStepContext.PromptAsync).
        private IReadOnlyDictionary<string, string?> PromptValues() => _options.ToValues();

        private DialogContext NewContext(string text)
        {
            var activity = _adapter.MakeActivity(text);
            return new DialogContext(new TurnContext(_adapter, activity), [_prompt], _stack);
        }
    }

    private sealed class ListLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Add(formatter(state, exception));
    }
}
