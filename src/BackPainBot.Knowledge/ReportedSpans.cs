using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// Finds the words that only say who said or did something ("my chiro says it's my feet", "the doctor keeps checking
/// my ankles", "why would a chiropractor care about my ankles", "why do you guys keep going on about ankles"): the practitioner there is the one speaking or acting,
/// not what the question is about, so the word must not pull the answer towards "see a chiropractor" ("why does the
/// clinic care about my feet" asks why ankles matter, not how to book). A practitioner
/// the patient means to see ("should I see a chiropractor?") is left alone. Family and friends who said something
/// ("my partner reckons I take massive steps", "my boss says I walk funny") are the story's speakers too: "partner" is not
/// the clinic's "your partner in improving your well-being". (A child who said something is out of scope by the
/// synonyms; in the story around a question, <see cref="StoryClauseSpans"/>, it is only the story.) A class's teacher is a speaker too: in "my pilates instructor says switch on your core"
/// the question is about the core, not about pilates (which on its own is out of scope).
/// </summary>
internal static partial class ReportedSpans
{
    /// <summary>Character ranges (start inclusive, end exclusive) of the practitioner and the verb that follows it.</summary>
    public static List<(int Start, int End)> Find(string question)
    {
        var spans = TextSpans.Of(Pattern(), question);
        spans.AddRange(TextSpans.Of(DevicePattern(), question));
        return spans;
    }

    // A watch, an app or a shop's gait analysis that reported something ("my Apple Watch says I do 9k steps", "Strava
    // says I've done 450 miles in these shoes", "my garmin has 612 mi logged", "the gait printout says forefoot
    // striker", "the shoe shop did a gait analysis and said I land on my forefoot") is the story's speaker: the question
    // is about what it reported. Asked about for itself ("is my Apple Watch accurate", "which running app is best") the
    // device has no verb of reporting after it and stays out of scope.
    [GeneratedRegex(
        @"\b(?:(?:apple\s+|smart\s*|running\s+|sports\s+|fitness\s+)?watch|strava|garmin|fitbit|(?:fitness\s+|activity\s+|step\s+)?tracker|pedometer|step\s+counter|(?:(?:phone|health|running|walking|fitness|step|gait)\s+)?app|phone|printout|print-out|read-?out|(?:gait|running|walking)\s+(?:analysis|scan|test|assessment|report|results?)|(?:shoe\s+|running\s+|sports\s+)?(?:shop|store)(?:\s+(?:guy|lady|staff|assistant|person))?)(?:[’']s)?\s+(?:(?:also|even|just|apparently|now)\s+)?(?:says|said|say|shows|showed|show|has|had|logged|logs|recorded|records|counted|counts|reckons|reads|puts|put|tells|told|thinks|found|measured|estimates)\b|(?:\b(?:the\s+|a\s+|my\s+)?(?:shoe\s+|running\s+|sports\s+)?(?:shop|store)\s+)?\b(?:did|done|ran|had|got|gave\s+me)\s+(?:a|an|my|their|the)\s+(?:(?:video|treadmill|free|quick)\s+)?(?:gait|running|walking|foot)\s+(?:analysis|scan|test|assessment|check)\s+(?:on\s+me\s+)?(?:and|which|that)\s+(?:they\s+|it\s+)?(?:said|says|told\s+me|showed|shows|found|reckons|reckoned)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DevicePattern();

    // Someone, then (optionally "also", "even", "just"...) a verb of saying, thinking or examining.
    [GeneratedRegex(
        @"\b(?:doctor|doctors|doc|gp|physician|physio|physiotherapist|physical\s+therapist|pt|chiro|chiropractor|chiropractors|podiatrist|trainer|personal\s+trainer|coach|(?:(?:pilates|yoga|spin|barre|dance|ballet|gym|fitness|zumba|running|swim(?:ming)?)\s+)?(?:teacher|instructor)|nurse|surgeon|specialist|therapist|osteopath|clinic|clinicians?|dr\.?(?:\s+\w+)?|partner|wife|husband|girlfriend|boyfriend|mate|mates|friend|friends|mum|mom|dad|mother|father|sister|brother|nan|gran|grandma|boss|colleague|colleagues|coworker|coworkers|co-worker|workmate|workmates|neighbou?r|neighbou?rs|(?:gym\s+)?buddy|you\s+guys|you\s+lot|you\s+all|y'?all|you\s+people|people|everyone|everybody|family)(?:[’']s)?\s+(?:(?:also|even|just|always|still|actually|really|now|then)\s+)?(?:says|said|say|told|tells|tell|thinks|thought|think|mentioned|mentions|reckons|reckoned|keeps|kept|keep|suggested|suggests|recommended|recommends|looked|looks|looking|checked|checks|checking|examined|examines|cares?|wants|wanted|asked|asks|noticed|notices|found|believes|believed|explained|explains|diagnosed|wrote|measured|watched|watches|interested|yells|yelled|shouts|shouted|cues|repeats|is|was)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
