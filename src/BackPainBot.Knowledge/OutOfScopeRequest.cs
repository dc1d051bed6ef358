using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// Requests the articles cannot answer however well their words match: which product to buy ("which treadmill should I
/// get", "a good treadmill to buy"), how much activity to do ("how many steps a day", "how many miles a week"), how to
/// reach a weight target ("fastest way to lose 10 pounds", "how much weight do I need to lose"), where to find a place
/// ("the nearest running track", "a treadmill near me"), how long recovery takes ("how long until my back heals", "how long does back pain usually last"), how
/// many sessions a course of care takes, a pace or programme to follow ("what pace should I run at", "a 12 week walking
/// program"), and questions about a child ("my 8 year old"). The article says when to replace shoes and that a
/// treadmill can absorb impact; it recommends no product or place, prescribes no daily steps, weekly miles, pace or
/// programme, sets no weight goal, promises no recovery time or number of visits and is written for adults.
/// </summary>
/// <remarks>
/// Only English question forms live here; the clinic's vocabulary for topics it does not cover (brands, insoles,
/// recycling, children) is on the <c>=> outofscope</c> lines of synonyms.txt, where staff can edit it.
/// </remarks>
internal static partial class OutOfScopeRequest
{
    /// <summary>What kind of request the question is, or <see cref="OutOfScopeKind.None"/>.</summary>
    public static OutOfScopeKind Find(string question)
    {
        if (Purchase().IsMatch(question))
        {
            return OutOfScopeKind.Purchase;
        }

        if (AmountPerPeriod().IsMatch(question) || ActivityLength().IsMatch(question))
        {
            return OutOfScopeKind.Prescription;
        }

        if ((WeightTarget().IsMatch(question) && HowOrHowFast().IsMatch(question)) || WeightAmount().IsMatch(question))
        {
            return OutOfScopeKind.WeightTarget;
        }

        if (Place().IsMatch(question))
        {
            return OutOfScopeKind.Place;
        }

        if (RecoveryTime().IsMatch(question) || RestTime().IsMatch(question) || PainDuration().IsMatch(question))
        {
            return OutOfScopeKind.RecoveryTime;
        }

        if (Setting().IsMatch(question) || SpeedSetting().IsMatch(question))
        {
            return OutOfScopeKind.Setting;
        }

        if (CourseOfTreatment().IsMatch(question))
        {
            return OutOfScopeKind.CourseOfTreatment;
        }

        if (Programme().IsMatch(question))
        {
            return OutOfScopeKind.Prescription;
        }

        if (Visit().IsMatch(question) || Booking().IsMatch(question) || WalkIn().IsMatch(question))
        {
            return OutOfScopeKind.Clinic;
        }

        if (Measurement().IsMatch(question) || Money().IsMatch(question))
        {
            return OutOfScopeKind.Measurement;
        }

        if (Definition().IsMatch(question))
        {
            return OutOfScopeKind.Definition;
        }

        if (FootShape().IsMatch(question))
        {
            return OutOfScopeKind.FootShape;
        }

        if (TimeOfDay().IsMatch(question))
        {
            return OutOfScopeKind.TimeOfDay;
        }

        if (ExerciseForWeightLoss().IsMatch(question))
        {
            return OutOfScopeKind.WeightTarget;
        }

        return ChildByAge().IsMatch(question) ? OutOfScopeKind.Child : OutOfScopeKind.None;
    }

    // "which treadmill should I get", "what insoles do you buy", "which brand", "a good treadmill to buy", "under $1000",
    // "which walking shoes have the best cushioning", "which trainers are kindest on a bad back", "the best running shoe
    // for wide feet".
    // "is it time to buy new shoes" is not one: replacing worn shoes is the article's advice, picking one is not.
    [GeneratedRegex(
        @"\b(?:which|what)\s+(?:\w+\s+){0,3}(?:should|do|would|could|can|shall)\s+(?:i|we|you)\s+(?:buy|order|purchase|get(?=\s*(?:$|[?.,!]|for\b|to\s+buy\b)))\b|\b(?:which|what)\s+(?:\w+\s+){0,2}(?:brand|brands|make|model|models)\b|\b(?:good|best|decent|great|top|cheapest|nice)\s+(?:\w+\s+){0,3}to\s+(?:buy|purchase|order)\b|\bunder\s+[$£€]?\d|\b(?:which|what)\s+(?:\w+\s+){0,2}?(?:shoes|sneakers|trainers|runners|boots)\s+(?:have|has|give|offer)\s+(?:the\s+)?(?:best|most|good|better)\b|\b(?:which|what)\s+(?:kind\s+of\s+|type\s+of\s+|sort\s+of\s+)?(?:\w+\s+)?(?:shoes?|sneakers?|trainers?|runners|boots?)\s+(?:are|is|would\s+be)\s+(?:the\s+)?(?:best|better|kindest|kinder|gentlest|softest|easiest|ideal|right)\b|\b(?:the\s+)?(?:best|ideal|top)\s+(?:\w+\s+){0,2}?(?:shoe|shoes|sneaker|sneakers|trainer|trainers|runners|boots?)\s+for\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Purchase();

    // "how many steps a day", "how far should I walk every day", "how long should my daily walk be", "10000 steps a day
    // too many", "can you walk too much in a week", "weekly mileage": an amount of activity per day or week. "i walk 20 miles a week, when do I replace my
    // shoes" states an amount and asks something else, so the amount must be asked for.
    [GeneratedRegex(
        @"\bhow\s+(?:many|much|far|long|often)\b(?:(?![.?!;])[^.?!;]){0,60}?(?:\b(?:a|per|each|every|one)\s+(?:day|week|month|night)\b|\b(?:daily|weekly|nightly)\b)|(?:\b(?:a|per|each|every)\s+(?:day|week)\b|\b(?:daily|weekly)\b)(?:(?![.?!;])[^.?!;]){0,30}?\btoo\s+(?:many|much|far|long|often)\b|\b(?:daily|weekly)\s+(?:mileage|miles|distance|steps|step\s+count|target|goal|amount|kilometers|kilometres|km)\b|\btoo\s+(?:much|far|many|long|often)\s+(?:in|per|a|each|every)\s+(?:a\s+|one\s+)?(?:day|week)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AmountPerPeriod();

    // How long or far one walk or run should be: "how long should each walk be", "how far should my runs be". The article
    // says how to walk and run, not how much.
    [GeneratedRegex(
        @"\bhow\s+(?:long|far)\s+should\s+(?:each|my|a|the|one)\s+(?:walk|walks|run|runs|jog|jogs|hike|hikes|session|sessions)\s+be\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ActivityLength();

    // An amount of weight to lose: "lose 10 pounds", "drop 5 kg", "lose a stone". "will losing a few pounds help my
    // back" names no amount and asks about the back, which the healthy-weight tip answers.
    [GeneratedRegex(
        @"\b(?:lose|losing|drop|dropping|shed|shedding|get\s+rid\s+of)\s+(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty)\s*(?:pounds?|lbs?|kgs?|kilos?|kilograms?|stones?|st)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WeightTarget();

    // Asking for an amount of weight: "how much weight do I need to lose", "how many kilos should I drop", "how much
    // lighter do I need to be", "how much should I weigh", "how many kilos overweight is too much", "the amount of weight
    // to shed". "how much does losing weight help" asks about the effect, which the healthy-weight tip answers, so the
    // amount must be of weight to lose or over.
    [GeneratedRegex(
        @"\bhow\s+(?:much|many)\s+(?:more\s+|extra\s+)?(?:weight|pounds?|lbs?|kgs?|kilos?|kilograms?|stones?)\b(?:(?![.?!;])[^.?!;]){0,30}?\b(?:lose|losing|drop|dropping|shed|shedding|off)\b|\bhow\s+much\s+(?:lighter|(?:should|do|would|must|can)\s+(?:i|we|you)\s+(?:(?:need|have)\s+to\s+)?weigh)\b|\bhow\s+(?:much|many)\s+(?:\w+\s+)?(?:weight|pounds?|lbs?|kgs?|kilos?|kilograms?|stones?)\s+(?:overweight|over|too\s+heavy)\b|\bamount\s+of\s+weight\b(?:(?![.?!;])[^.?!;]){0,30}?\b(?:lose|drop|shed)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WeightAmount();

    // Where to find something: "the nearest running track", "closest park", "is there a gym with treadmills near me",
    // "a rubber track in my area", "any trails around here". "I only have pavement near me" says where the patient runs
    // and asks what to do about it, so "near me" counts only in a question that asks where or whether there is one.
    [GeneratedRegex(
        @"\b(?:nearest|closest)\b|\b(?:where|which|what|is\s+there|are\s+there|any|anywhere|know\s+(?:of\s+)?(?:a|any))\b(?:(?![.?!;])[^.?!;]){0,50}?(?:\bnear\s+(?:me|here|by|where\s+i\s+live|my\s+(?:house|home|place|work|office))\b|\bnearby\b|\bin\s+my\s+(?:area|town|city|suburb|neighbou?rhood)\b|\baround\s+here\b|\bclose\s+to\s+(?:me|here|home)\b|\blocal(?:ly)?\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Place();

    // How long until it is better: "how long will it take for my back to heal", "how long until the pain goes away".
    // The article gives no recovery time; "how long do shoes last" asks about shoes and has none of these words.
    [GeneratedRegex(
        @"\bhow\s+long\s+(?:will|does|would|until|till|til|before|is|it)\b(?:(?![.?!;])[^.?!;]){0,40}?\b(?:heal|heals|healed|healing|recover|recovered|go\s+away|goes\s+away|get\s+better|gets\s+better|feel\s+better|be\s+better|settle|settles|settle\s+down|clear\s+up|clears\s+up|be\s+pain[-\s]free)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RecoveryTime();

    // How long to rest: "how long should I rest before walking again", "how many days off walking should I take". The
    // article says to stop an activity that hurts, not for how long.
    [GeneratedRegex(
        @"\bhow\s+(?:long|many\s+(?:days|weeks|hours|minutes|months))\b(?:(?![.?!;])[^.?!;]){0,40}?\b(?:rest|resting|off|break)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RestTime();

    // How long pain lasts or when it will be gone: "how long does back pain usually last", "how many weeks does a flare up
    // hang around", "the typical timeline for a sore back", "will my back ache be gone by next week", "is it normal for
    // back pain to drag on for a month", "how long should I wait before running again". The article says the pain may
    // be prolonged, not for how long; "how long do walking shoes last" asks about shoes, so the pain must be named.
    [GeneratedRegex(
        @"\bhow\s+(?:long|many\s+(?:days|weeks|months))\b(?:(?![.?!;])[^.?!;]){0,50}?\b(?:pain|ache|aches|aching|sore|soreness|flare|flares|flare-up|twinge|twinges|back)\b(?:(?![.?!;])[^.?!;]){0,30}?\b(?:last|lasts|linger|lingers|stay|stays|persist|persists|continue|continues|hang\s+around|hangs\s+around|stick\s+around|sticks\s+around|drag\s+on|drags\s+on|go\s+on|goes\s+on)\b|\b(?:timeline|time\s*frame|timeframe)\b|\b(?:be|is|it'?s)\s+(?:all\s+)?gone\s+(?:by|in|within|before)\b|\b(?:pain|ache|back|it)\s+to\s+(?:last|linger|persist|drag\s+on|hang\s+around|stick\s+around|go\s+on)\s+(?:for|this\s+long|so\s+long)\b|\bhow\s+long\s+(?:should|do|must|would|will)\s+(?:i|we|you)\s+(?:have\s+to\s+|need\s+to\s+)?(?:wait|hold\s+off|stay\s+off|keep\s+off|sit\s+out)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PainDuration();

    // A number or setting the article does not give: "what incline should the treadmill be on", "what BMI counts as
    // healthy", "how many centimetres should each step be", "the ideal stride in cm". The article says shorter steps,
    // a treadmill and a healthy weight; "my BMI is high, is that a problem" states a number and asks about the back.
    [GeneratedRegex(
        @"\b(?:what|which|ideal|right|best|correct|recommended|optimal)\s+(?:\w+\s+){0,3}?(?:incline|gradient|bmi|setting|settings)\b|\bhow\s+(?:many|much)\s+(?:centimet(?:re|er)s?|cm|inch(?:es)?|mm|degrees?)\b|\bin\s+(?:cm|centimet(?:re|er)s?|inch(?:es)?|mm)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Setting();

    // A speed or pace to run or walk at: "what pace should I run a 10k at", "how fast should the treadmill go". The
    // article says shorter steps slow the pace; "should I slow my pace" asks about that and names no number to choose.
    [GeneratedRegex(
        @"\b(?:what|which|ideal|right|best|good|target|recommended)\s+(?:\w+\s+){0,2}?(?:speed|pace|mph|kph|tempo|cadence)\s+(?:should|do|would|can|to|for|is\s+(?:best|ideal|right|good))\b|\bhow\s+fast\s+(?:should|do|would|can|must)\s+(?:i|we|you|the\s+treadmill|my\s+treadmill)\b|\bhow\s+fast\s+(?:should|must|ought)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpeedSetting();

    // How many sessions or visits a course of care takes: "how many sessions with a chiropractor will I need", "how many
    // chiropractic visits does a typical patient need". The article says to see a chiropractor, not how often.
    [GeneratedRegex(
        @"\bhow\s+(?:many|often)\b(?:(?![.?!;])[^.?!;]){0,30}?\b(?:sessions?|visits?|appointments?|treatments?|adjustments?|consultations?)\b|\b(?:sessions?|visits?|appointments?|treatments?)\s+(?:will|would|do|does|should)\s+(?:i|we|you)\s+need\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CourseOfTreatment();

    // A programme, plan or routine to follow: "give me a home workout for a stronger core", "a good 12 week walking
    // program". The article gives tips, not a programme; "my back hurts during my workout" asks for none.
    [GeneratedRegex(
        @"\b(?:give|write|make|design|create|build|suggest|recommend|need|want|good|best|decent)\s+(?:me\s+|us\s+)?(?:(?:a|an|some|my)\s+)?(?:(?:good|decent|simple|easy|beginner|home|full)\s+)?(?:\d+\s*-?\s*(?:week|day|month)\s+)?(?:(?!to\b|and\b|or\b)\w+\s+)?(?:program|programs|programme|programmes|plan|plans|routine|routines|workout|workouts|regime|regimen|schedule)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Programme();

    // How long a visit takes or how long the wait is: "how long does the first visit take", "how long is a consultation",
    // "is the first appointment an hour or half an hour", "how long will I be at the clinic", "how long is the wait for a
    // new patient". The article says to book a consultation, not how long it lasts; "how long until my back heals" is
    // a recovery time (above).
    [GeneratedRegex(
        @"\bhow\s+long\b(?:(?![.?!;])[^.?!;]){0,40}?\b(?:visits?|appointments?|consult|consults|consultations?|assessments?|sessions?|exams?|check-?ups?|evaluations?)\b|\bhow\s+long\b(?:(?![.?!;])[^.?!;]){0,30}?\b(?:at|in)\s+(?:the|your|ur)\s+(?:clinic|office|practice)\b|\bhow\s+long\s+is\s+the\s+wait\b|\bwait(?:ing)?\s+times?\b|\b(?:visits?|appointments?|consultations?|sessions?|assessments?)\b(?:(?![.?!;])[^.?!;]){0,30}?\b(?:an?|one|two|half\s+an?)\s+hours?\b|\bhow\s+many\s+minutes\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Visit();

    // When or how a visit can be booked: "can I get an appointment this afternoon", "do you have evening appointments",
    // "can I book online", "how far ahead do I need to book", "how soon can a new patient be seen", "is the initial
    // assessment free". The article says to set up a consultation; the clinic's diary, channels and prices are the
    // staff's to answer. "should I book an appointment to find the source" names none of these.
    [GeneratedRegex(
        @"\b(?:appointments?|consult(?:ation)?s?|visits?|sessions?|book|booking|be\s+seen|get\s+seen|get\s+in)\b(?:(?![.?!;])[^.?!;]){0,40}?\b(?:today|tonight|tomorrow|this\s+(?:morning|afternoon|evening|weekend)|evenings?|weekends?|saturdays?|sundays?|after\s+work|before\s+work|same[-\s]day|online|over\s+the\s+phone|by\s+phone|on\s+the\s+phone|video|telehealth|virtual(?:ly)?|in\s+advance)\b|\b(?:evening|weekend|same[-\s]day|online|video|phone|virtual|telehealth|early|late|after[-\s]hours)\s+(?:appointments?|consult(?:ation)?s?|visits?|bookings?|sessions?)\b|\bhow\s+far\s+(?:ahead|in\s+advance)\b|\bhow\s+(?:soon|quickly)\s+(?:can|could|will|would)\s+(?:i|we|a\s+new\s+patient|new\s+patients|someone|you)\s+(?:be\s+seen|get\s+(?:in|seen|booked|an?\s+(?:appointment|consultation|visit|slot))|book)\b|\b(?:is|are)\s+(?:the|your|ur|a|an|my)\s+(?:\w+\s+)?(?:assessments?|consult(?:ation)?s?|visits?|appointments?|sessions?|check-?ups?|exams?)\s+(?:free|covered|included)\b|\bfree\s+(?:of\s+charge|consult(?:ation)?s?|assessments?|visits?|appointments?|check-?ups?|sessions?|exams?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Booking();

    // Whether the clinic sees patients without booking: "can I just walk in, or do I need an appointment first", "can I
    // drop in without an appointment", "are walk-ins ok". The article says to set up a consultation, not how the front
    // desk works. "can I walk in old shoes" walks in something, so the walk-in must end the clause or be set against
    // booking.
    [GeneratedRegex(
        @"\b(?:can|could|may|do)\s+(?:i|we|you)\s+(?:just\s+)?(?:walk|drop|pop|come)\s+in\b(?=\s*(?:$|[,.?!;]|or\b|without\b|any\s*time\b|off\s+the\s+street\b|unannounced\b))|\bwalk\s*-?\s*ins?\s+(?:or|welcome|accepted|ok|okay|allowed)\b|\b(?:need|have)\s+(?:to\s+)?(?:make|book|get|schedule|have)\s+(?:an?\s+)?(?:appointment|booking)\s+(?:first|beforehand|ahead|in\s+advance)\b|\b(?:seen|come\s+in|walk\s+in|drop\s+in|turn\s+up|show\s+up)\s+without\s+(?:an?\s+)?(?:appointment|booking)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WalkIn();

    // A measurement the article does not give or take: a pace per mile ("the best pace in minutes per mile", "a 10 minute mile"), a BMI to
    // judge ("is a BMI of 29 too high"), measuring or calculating something ("how do I measure my stride length", "how do
    // I calculate my BMI"), how thick or firm something should be, how long it takes to cover a distance, how much to
    // lift. The article says shorter steps, softer surfaces and a healthy weight, in words, never in numbers.
    [GeneratedRegex(
        @"\b(?:minutes?|mins?|seconds?|secs?)\s+(?:per|a|each|every|/)\s*(?:mile|km|kilomet(?:re|er)|k)\b|\b\d+(?:[.:]\d+)?\s*-?\s*(?:minute|min)\s*-?\s*(?:mile|km|kilomet(?:re|er)|k)\b|\bpace\s+(?:per|a|each)\s+(?:mile|km|kilomet(?:re|er))\b|\bbmi\s+(?:of\s+|is\s+|at\s+|around\s+|over\s+|above\s+|under\s+|below\s+)?\d|\b(?:measure|measuring|calculate|calculating|work\s+out|figure\s+out|track|tracking|log|logging|monitor|monitoring)\s+(?:my\s+|your\s+|the\s+|how\s+(?:many|much|far|long)\s+)?(?:\w+\s+)?(?:stride\s+length|step\s+length|stride|strides|steps|cadence|bmi|body\s+fat|pace|mileage|miles|distance|heart\s+rate|calories)\b|\bhow\s+(?:thick|thin|wide|deep|high|tall|firm|stiff|springy|bouncy)\s+(?:should|do|does|must|is|are)\b|\bhow\s+long\s+(?:does|will|would|should|did)\s+it\s+take\s+(?:me\s+|you\s+|someone\s+)?to\s+(?:walk|run|jog|hike|cover|do)\b|\b(?:what|how\s+much)\s+weights?\s+(?:should|can|could|do)\s+(?:i|we|you)\s+(?:lift|carry|use|squat|bench|press)\b|\bhow\s+(?:much|heavy)\s+(?:can|should|could)\s+(?:i|we|you)\s+(?:lift|carry)\b|\bhow\s+much\s+muscle\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Measurement();

    // An amount of money: "$150 shoes", "are 200 dollar shoes better", "how much should I spend on running shoes", "a reasonable budget for walking shoes, like a dollar amount". The
    // article says not to go cheap on shoes; "should I spend more on shoes" asks that, not an amount.
    [GeneratedRegex(
        @"[$£€]\s?\d|\b\d+\s*(?:dollars?|bucks|quid|euros?)\b|\b(?:budget|price\s+range)\s+(?:for|of|on)\b|\bdollar\s+amount\b|\bhow\s+much\s+(?:money\s+)?(?:should|do|would|must|can|could)\s+(?:i|we|you)\s+(?:(?:need|have|expect)\s+to\s+)?(?:spend|pay|budget|fork\s+out|shell\s+out)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Money();

    // What a word or a condition is: "what is sciatica", "whats a slipped disc exactly", "what does lumbar mean", "what
    // does chiropractic involve", "the difference between numbness and tingling", "what are spinal discs made of". The
    // article gives advice in plain words; it defines nothing but gait ("our walking pattern or 'gait'"), so "whats gait"
    // is asked of the ankles section. Only a question that is nothing but "what is X" (one or two
    // words, no "the" or "your") counts, so "what is the best surface" and "what's your name" are not definitions.
    [GeneratedRegex(
        @"^\W*(?:(?:so|ok|okay|hey|hi|um+|and)\W+)?(?:what(?:'s|’s|s|\s+is|\s+are)|whats|wats|wat\s+is)\s+(?:a\s+|an\s+)?(?!(?:gait|the|your|ur|my|this|that|it|some|best|right|proper|correct|good|ideal|link|connection|point|deal|tips?|advice|cause|reason|source|up|wrong|next|best)\b)[a-z][\w-]*(?:\s+(?!exactly\b|actually\b)[a-z][\w-]*)?(?:\s+(?:exactly|actually|even|again|anyway))?\s*[?.!]*\s*$|\bwhat\s+(?:does|do|is|are)\s+(?:the\s+word\s+|the\s+term\s+)?(?:\w+\s+){1,3}(?:mean|means|stand\s+for|involve|involves|made\s+of|made\s+from)\b(?!\s+for\b)|\bmeaning\s+of\b|\bdefin(?:e|ition)\b|\bdifference\s+between\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Definition();

    // Changing the shape of the feet or legs: "how do I fix my high arches", "can bow legs be corrected", "my feet point
    // outwards, how do I straighten them", "can supination be trained out of you", "will special shoes fix my flat
    // feet". The article says the ankles and gait can cause back pain and what to change in how one walks; it does not
    // say how to correct the feet. "my ankles roll in, could that hurt my back" asks about the back, not a correction.
    [GeneratedRegex(
        @"\b(?:fix|fixed|fixing|correct|corrected|correcting|straighten|straightened|cure|cured|train(?:ed)?\s+(?:\w+\s+)?out|get\s+rid\s+of|reverse|reversed)\b(?:(?![.?!;])[^.?!;]){0,40}?\b(?:arch|arches|flat\s+(?:feet|foot)|fallen\s+arches|pronation|overpronation|supination|underpronation|bow\s*legs?|bow-legged|bowlegged|knock\s*knees?|knock-kneed|pigeon[-\s]toed|duck[-\s]footed|in-toeing|out-toeing)\b|\b(?:arch|arches|flat\s+(?:feet|foot)|pronation|overpronation|supination|underpronation|bow\s*legs?|bow-legged|bowlegged|knock\s*knees?|knock-kneed|pigeon[-\s]toed|duck[-\s]footed|(?:feet|toes)\s+(?:point|points|pointing|turn|turns|turning)\s+(?:out|outwards?|in|inwards?)|roll(?:s|ing)?\s+(?:in|out)(?:wards?)?)\b(?:(?![.?!;])[^.?!;]){0,60}?\b(?:fix|fixed|correct|corrected|straighten|cure|cured|train(?:ed)?\s+(?:\w+\s+)?out|get\s+rid\s+of|reverse|reversed)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FootShape();

    // When in the day to walk or run: "is it better to run in the morning or evening", "a midnight jog or a sunrise
    // one", "should I move my walks to the afternoon", "what time of day". The article does not say when.
    [GeneratedRegex(
        @"\btime\s+of\s+(?:the\s+)?day\b|\b(?:morning|mornings|evening|evenings|night|nights|afternoon|afternoons|midnight|sunrise|sunset|dawn|dusk|lunchtime|breakfast|dinner)\b(?:(?![.?!;])[^.?!;]){0,30}?\b(?:or|than|instead\s+of|rather\s+than|to\s+the)\s+(?:\w+\s+){0,2}?(?:morning|mornings|evening|evenings|night|nights|afternoon|afternoons|midnight|sunrise|sunset|dawn|dusk|lunchtime|breakfast|dinner)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeOfDay();

    // Which exercise loses weight: "is jogging or walking better for slimming down", "what's best for burning fat". The
    // article says to keep a healthy weight, not how to lose it.
    [GeneratedRegex(
        @"\b(?:better|best|good|quicker|faster|more\s+effective)\s+(?:\w+\s+){0,2}?for\s+(?:losing|slimming|burning|shedding|dropping|weight\s+loss|fat\s+loss|toning|getting\s+(?:slim|slimmer|lean|leaner|thin|thinner))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExerciseForWeightLoss();

    [GeneratedRegex(
        @"\b(?:how|way|ways|fastest|quickest|quickly|fast|quick|by|before|in\s+a\s+(?:week|month))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HowOrHowFast();

    // "my 8 year old keeps complaining", "our 12-year-old son", "what should my 9 year old wear for netball", "my 2 year
    // old still walks on tiptoe": a child, named by age the way parents name one. A teenager (13 to 19) walks and runs as
    // the article describes and is the story's person instead (TeenagerSpans).
    // "my 4 year old sneakers" is the patient's shoes, so what follows the age must be a child or what a child does.
    [GeneratedRegex(
        @"\b(?:my|our|his|her)\s+(?!1[3-9]\b)\d{1,2}\s*-?\s*(?:year|yr)s?\s*-?\s*old(?=\s*(?:$|[,.?!;]|(?:(?:still|always|often|never|just|really|constantly|sometimes|usually)\s+)?(?:son|daughter|boy|girl|kid|child|grandson|granddaughter|keeps|kept|has|had|is|was|says|said|complains|complained|cries|walks|runs|wears|wear|play|plays|need|needs|go|goes|won't|can't|doesn't|does|gets|got|hurts|feels)\b))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChildByAge();
}

/// <summary>Why a question is out of scope however its words match.</summary>
internal enum OutOfScopeKind
{
    /// <summary>Not one of the requests the articles cannot answer.</summary>
    None,

    /// <summary>Which product, brand or model to buy.</summary>
    Purchase,

    /// <summary>How much activity to do per day or week.</summary>
    Prescription,

    /// <summary>How to lose a set amount of weight, or how much to lose.</summary>
    WeightTarget,

    /// <summary>Where to find a place: a track, a trail, a gym near the patient.</summary>
    Place,

    /// <summary>How long until the back is better, how long pain lasts, or how long to rest.</summary>
    RecoveryTime,

    /// <summary>A number or setting the article does not give: a treadmill incline, a BMI, a stride in centimetres.</summary>
    Setting,

    /// <summary>How many sessions or visits a course of care takes.</summary>
    CourseOfTreatment,

    /// <summary>A question about a child.</summary>
    Child,

    /// <summary>What a word or a condition means: the article defines nothing.</summary>
    Definition,

    /// <summary>How to correct the shape of the feet or legs (arches, pronation, bow legs).</summary>
    FootShape,

    /// <summary>When in the day to walk or run.</summary>
    TimeOfDay,

    /// <summary>The clinic itself: how long a visit takes, when or how one can be booked, whether it is free.</summary>
    Clinic,

    /// <summary>A measurement or an amount the article does not give: a pace per mile, a BMI, a price, measuring a stride.</summary>
    Measurement,
}
