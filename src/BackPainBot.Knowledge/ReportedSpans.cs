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
    public static List<(int Start, int End)> Find(string question) => TextSpans.Of(Pattern(), question);

    // Someone, then (optionally "also", "even", "just"...) a verb of saying, thinking or examining.
    [GeneratedRegex(
        @"\b(?:doctor|doctors|doc|gp|physician|physio|physiotherapist|physical\s+therapist|pt|chiro|chiropractor|chiropractors|podiatrist|trainer|personal\s+trainer|coach|(?:(?:pilates|yoga|spin|barre|dance|ballet|gym|fitness|zumba|running|swim(?:ming)?)\s+)?(?:teacher|instructor)|nurse|surgeon|specialist|therapist|osteopath|clinic|clinicians?|dr\.?(?:\s+\w+)?|partner|wife|husband|girlfriend|boyfriend|mate|mates|friend|friends|mum|mom|dad|mother|father|sister|brother|nan|gran|grandma|boss|colleague|colleagues|coworker|coworkers|co-worker|workmate|workmates|neighbou?r|neighbou?rs|(?:gym\s+)?buddy|you\s+guys|you\s+lot|you\s+all|y'?all|you\s+people|people|everyone|everybody|family)(?:[’']s)?\s+(?:(?:also|even|just|always|still|actually|really|now|then)\s+)?(?:says|said|say|told|tells|tell|thinks|thought|think|mentioned|mentions|reckons|reckoned|keeps|kept|keep|suggested|suggests|recommended|recommends|looked|looks|looking|checked|checks|checking|examined|examines|cares?|wants|wanted|asked|asks|noticed|notices|found|believes|believed|explained|explains|diagnosed|wrote|measured|watched|watches|interested|yells|yelled|shouts|shouted|cues|repeats|is|was)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
