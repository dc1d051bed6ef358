namespace BackPainBot.Bench.LoadTest;

/// <summary>What a scripted message is meant to exercise in the real bot.</summary>
public enum MessageKind
{
    /// <summary>A question the knowledge base answers.</summary>
    Tip,

    /// <summary>A symptom that triage must escalate.</summary>
    RedFlag,

    /// <summary>Greetings, thanks and out-of-scope questions.</summary>
    SmallTalk,
}

/// <summary>One message of a scripted conversation.</summary>
public readonly record struct ScriptedMessage(MessageKind Kind, string Text);

/// <summary>The messages one conversation sends, in order, after its conversationUpdate.</summary>
public sealed record ConversationScript(IReadOnlyList<ScriptedMessage> Messages)
{
    /// <summary>Requests this conversation makes: the conversationUpdate plus its messages.</summary>
    public int Turns => Messages.Count + 1;
}

/// <summary>
/// The fixed, seeded mix of patient messages: about half tip questions, a quarter red flags and a quarter small talk,
/// so the real bot spends its time where patients would make it.
/// </summary>
public static class MessageMix
{
    private static readonly string[] _tips =
    [
        "How often should I replace my walking shoes?",
        "is running on concrete bad for my back",
        "how should my foot land",
        "What is the best way to lift a heavy box?",
        "how should I sit at my desk",
        "Is it ok to sleep on my stomach?",
        "what stretches help lower back pain",
        "should I use ice or heat",
        "How long should I walk each day?",
        "does a standing desk help",
    ];

    private static readonly string[] _redFlags =
    [
        "I have tingling and numbness in my leg",
        "my legs are weak and I can't control my bladder",
        "I have a fever and back pain",
    ];

    private static readonly string[] _smallTalk =
    [
        "hi",
        "thanks",
        "what's the weather",
        "hello there",
        "who are you?",
        "thank you, bye",
    ];

    /// <summary>
    /// Builds <paramref name="conversations"/> scripts of <paramref name="messagesPerConversation"/> messages each.
    /// The same arguments always give the same scripts, so both targets and later runs see identical traffic.
    /// </summary>
    public static IReadOnlyList<ConversationScript> Build(int conversations, int messagesPerConversation, int seed)
    {
        var random = new Random(seed);
        var scripts = new ConversationScript[conversations];
        for (var c = 0; c < conversations; c++)
        {
            var messages = new ScriptedMessage[messagesPerConversation];
            for (var m = 0; m < messagesPerConversation; m++)
            {
                var roll = random.Next(100);
                var (kind, pool) = roll switch
                {
                    < 50 => (MessageKind.Tip, _tips),
                    < 75 => (MessageKind.RedFlag, _redFlags),
                    _ => (MessageKind.SmallTalk, _smallTalk),
                };
                messages[m] = new ScriptedMessage(kind, pool[random.Next(pool.Length)]);
            }

            scripts[c] = new ConversationScript(messages);
        }

        return scripts;
    }

    /// <summary>
    /// Builds the scripts the warm-up cycles through: the same mix under another seed, so the measured conversations
    /// are not replays of ones the target has just seen.
    /// </summary>
    public static IReadOnlyList<ConversationScript> BuildWarmup(int messagesPerConversation, int seed) =>
        Build(100, messagesPerConversation, unchecked((seed * 31) + 7));
}
