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

    public static bool MentionsShoes(string text) => Shoes().IsMatch(text);

    public static bool MentionsPain(string text) => Pain().IsMatch(text);

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
