using System.Text.RegularExpressions;

namespace BackPainBot.Conversation;

/// <summary>
/// The few things a person can say that steer the conversation rather than ask the knowledge base.
/// Matched on whole short messages so that a question that merely contains "stop" or "help" still gets searched.
/// </summary>
internal static partial class Intents
{
    public static bool IsCancel(string text) => Cancel().IsMatch(text);

    public static bool IsHelp(string text) => Help().IsMatch(text);

    public static bool IsStartOver(string text) => StartOver().IsMatch(text);

    public static bool IsGreeting(string text) => Greeting().IsMatch(text);

    public static bool IsThanks(string text) => Thanks().IsMatch(text);

    public static bool IsBookingRequest(string text) => Booking().IsMatch(text) || BookingShort().IsMatch(text);

    public static bool IsYes(string text) => Yes().IsMatch(text);

    public static bool IsNo(string text) => No().IsMatch(text);

    public static bool IsAsSoonAsPossible(string text) => Asap().IsMatch(text);

    public static bool IsNotSure(string text) => NotSure().IsMatch(text);

    public static bool IsNoneOfThese(string text) => NoneOfThese().IsMatch(text);

    public static bool IsPassToStaff(string text) => PassToStaff().IsMatch(text);

    /// <summary>
    /// The person declines to answer the question asked ("no thanks", "I'd rather not say", "skip", "nope"). The whole
    /// message must be the refusal, so a name such as "Noah" or "Skip Jones" is still a name.
    /// </summary>
    public static bool IsDeclining(string text)
    {
        var normalized = Normalize(text);
        return Decline().IsMatch(normalized)
            || (IsShortRefusal(normalized) && AskedFor().IsMatch(normalized));
    }

    /// <summary>
    /// The person declines to leave any details at all ("I don't want to give my details", "don't contact me"), as
    /// opposed to one question.
    /// </summary>
    public static bool IsDecliningAll(string text)
    {
        var normalized = Normalize(text);
        return normalized.Split(' ').Length <= MaxDeclineWords
            && (DeclineAll().IsMatch(normalized) || (IsShortRefusal(normalized) && Details().IsMatch(normalized)));
    }

    /// <summary>
    /// A short message that opens as a refusal ("I'd rather not give my number", "sorry, not giving my name"). The
    /// opening matters: "Jane, no phone though" gives a name.
    /// </summary>
    private static bool IsShortRefusal(string normalized) =>
        normalized.Split(' ').Length <= MaxDeclineWords && RefusalOpening().IsMatch(normalized) && Refusal().IsMatch(normalized);

    /// <summary>"No preference", "I don't mind": any time suits.</summary>
    public static bool IsNoPreference(string text) => NoPreference().IsMatch(Normalize(text));

    public static bool MentionsShoes(string text) => Shoes().IsMatch(text);

    public static bool MentionsPain(string text) => Pain().IsMatch(text);

    /// <summary>Longest message read as declining everything; a longer one is an answer or a question.</summary>
    private const int MaxDeclineWords = 15;

    /// <summary>Lower case, apostrophes dropped ("don't", "dont" and "don’t" read alike), other punctuation a space.</summary>
    private static string Normalize(string text)
    {
        var chars = text.ToLowerInvariant()
            .Where(c => c is not ('\'' or '’' or '‘' or '`'))
            .Select(c => char.IsLetterOrDigit(c) ? c : ' ')
            .ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    // On normalized text. Typos seen in chats are spelled out ("nope", "nop", "rathr", "perfer", "dnt", "skp") rather
    // than matched by edit distance, which would turn names ("Noa", "Rather") into refusals.
    [GeneratedRegex(
        @"^(?:(?:ok|okay|um+|uh+|erm+|hm+|sorry|actually|well|oh|honestly|no+|nah+|nope)\s)*" +
        @"(?:n|no+|nop+e*s?|nah+|nope+|naw|none|nothing|not now|not today|no way|no chance|n a|" +
        @"no (?:thanks?|thank you|thankyou|thx|thnx|thnks|thanx|ty|ta|sorry|name|number|phone|phone number|email|need|comment)|" +
        @"not (?:telling|saying|sharing|giving (?:it|one|that|it out|you (?:it|one|that))|comfortable(?: (?:saying|sharing|giving (?:it|one|that)))?)|" +
        @"s(?:kip+|kp|ikp|kpi)(?: (?:it|this|that|this one|that one|this question|that question|for now|please))?|" +
        @"pass(?: (?:on (?:that|this|it)|please))?|" +
        @"(?:(?:i|id|i would) )?(?:like to )?declined?|" +
        @"(?:(?:i|id|i d|i would|ill|i will) )?(?:rather|rathr|rahter|rater|prefer|perfer|prefere|preffer|prefr)(?: to)? (?:not|nt|nto|no)(?: to)?" +
        @"(?: (?:say|tell|share|give (?:it|one|that|it out)|give|answer|answer that|leave (?:it|one)|say it))?|" +
        @"(?:(?:i|id|i d) )?(?:rather|prefer) (?:to )?(?:stay|remain|be) anonymous|(?:stay|remain) anonymous|anonymous|" +
        @"(?:its |thats )?(?:private|personal)|none of your business|" +
        @"(?:i )?(?:dont|do not|dnt|didnt|wont|will not|cant|don) (?:want|wanna|wish|wnat|like)(?: to)?" +
        @"(?: (?:say|tell|tell you|share|give (?:it|one|that|it out)|give|answer|answer that|say it|leave (?:it|one)))?|" +
        @"(?:i )?(?:dont|do not|dnt) (?:have|got) (?:one|a phone|a number|a phone number|an email|an email address|email|a cell|a mobile|any)|" +
        @"(?:i )?(?:dont|do not|dnt) send (?:it|them|that|anything)" +
        @")" +
        @"(?: (?:thanks?|thank you|thankyou|thx|ty|sorry|please|mate|though|for now|right now|at the moment|if thats ok|if thats okay))*$")]
    private static partial Regex Decline();

    [GeneratedRegex(
        @"\b(?:(?:dont|do not|dnt) (?:contact|call|phone|ring|text|email|message) me|" +
        @"(?:dont|do not|dnt) want (?:to be|anyone to|you to|the clinic to|staff to|them to|a) (?:contact(?:ed)?|call(?:ed)?|call back|callback|phone(?:d)?|ring|email(?:ed)?|follow ?up)|" +
        @"no (?:contact|follow ?up|call ?back|calls)|leave me alone|" +
        @"skip (?:all|everything|the rest|it all|all of (?:it|this|that|them))|" +
        @"(?:no|none) (?:to )?(?:all|any) of (?:it|this|that|them))\b")]
    private static partial Regex DeclineAll();

    [GeneratedRegex(@"^(?:(?:sorry|ok|okay|um+|uh+|well|actually|honestly|but|oh)\s)*(?:no|nope|nah|not|i|id|im|ill|can|could|may|would|dont|do|dnt|rather|prefer|wont|will)\b")]
    private static partial Regex RefusalOpening();

    [GeneratedRegex(@"\b(?:no|not|dont|do not|dnt|wont|will not|rather not|prefer not|never|cant|cannot)\b")]
    private static partial Regex Refusal();

    [GeneratedRegex(@"\b(?:details?|info|information|particulars|personal|contact details|contact info|data|anything|any of (?:that|this|it))\b")]
    private static partial Regex Details();

    [GeneratedRegex(@"\b(?:name|surname|number|phone|mobile|cell|email|e mail|address|contact)\b")]
    private static partial Regex AskedFor();

    [GeneratedRegex(@"^(?:no (?:particular )?pref(?:erence)?s?|(?:i )?(?:dont|do not) mind|(?:it )?(?:doesnt|does not|dont) matter|not fussed|(?:im )?flexible|whatever|any day)$")]
    private static partial Regex NoPreference();

    [GeneratedRegex(@"^\W*(cancel|stop|quit|exit|never\s?mind|forget it|abort)\b[\w\s]{0,20}\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex Cancel();

    [GeneratedRegex(@"^\W*(help|menu|options|what can you do|what do you do|topics)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex Help();

    [GeneratedRegex(@"^\W*(start over|start again|restart|reset|begin again)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex StartOver();

    [GeneratedRegex(@"^\W*(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening)|greetings)( there)?\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex Greeting();

    [GeneratedRegex(@"^\W*(thanks|thank you|thx|ty|cheers|ok thanks|okay thanks)\b[\w\s]{0,20}\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex Thanks();

    [GeneratedRegex(@"\b(book|schedule|make|set up|arrange|request|need|want|get)\b.{0,30}\b(appointment|consult|consultation|visit|booking|session)\b|\b(talk|speak|chat)\s+(to|with)\s+(a |the |some)?(person|human|someone|staff|clinician|doctor|chiropractor|receptionist)\b|\bcall me( back)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Booking();

    [GeneratedRegex(@"^\W*(book|booking|appointment|book a consultation|book an appointment|talk to staff|contact staff)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex BookingShort();

    [GeneratedRegex(@"^\W*(y|yes|yeah|yep|yup|sure|correct|right|that'?s right|that is right|ok|okay|confirm|please do|go ahead|send it)\b[\w\s]{0,15}\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex Yes();

    [GeneratedRegex(@"^\W*(n|no|nope|nah|wrong|incorrect|not right|change( it)?|that'?s wrong)\b[\w\s]{0,15}\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex No();

    [GeneratedRegex(@"^\W*(not sure|unsure|i'?m not sure|don'?t know|dunno|maybe|possibly|i think so|kind of|sort of|a little|a bit)\b[\w\s]{0,20}\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex NotSure();

    [GeneratedRegex(@"^\W*(none of (these|those|them)|neither|none|no,? none of (these|those))\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex NoneOfThese();

    [GeneratedRegex(@"^\W*(pass my question to staff|ask (the )?staff|send (my|the) question to (the )?staff)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex PassToStaff();

    [GeneratedRegex(@"\b(asap|as soon as possible|any ?time|whenever|earliest|soonest|first available)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Asap();

    [GeneratedRegex(@"\b(shoes?|sneakers?|trainers?|runners|footwear|kicks)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Shoes();

    [GeneratedRegex(@"\b(pain|painful|hurts?|hurting|ache|aches|aching|sore|soreness)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pain();
}
