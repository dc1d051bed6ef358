using System.Text.RegularExpressions;

namespace BackPainBot.Knowledge;

/// <summary>
/// Requests the articles cannot answer however well their words match: which product to buy ("which treadmill should I
/// get", "a good treadmill to buy"), how much activity to do ("how many steps a day", "how many miles a week"), how to
/// reach a weight target ("fastest way to lose 10 pounds"), and questions about a child ("my 8 year old"). The article
/// says when to replace shoes and that a treadmill can absorb impact; it recommends no product, prescribes no daily
/// steps or weekly miles, sets no weight goal and is written for adults.
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

        if (AmountPerPeriod().IsMatch(question))
        {
            return OutOfScopeKind.Prescription;
        }

        if (WeightTarget().IsMatch(question) && HowOrHowFast().IsMatch(question))
        {
            return OutOfScopeKind.WeightTarget;
        }

        return ChildByAge().IsMatch(question) ? OutOfScopeKind.Child : OutOfScopeKind.None;
    }

    // "which treadmill should I get", "what insoles do you buy", "which brand", "a good treadmill to buy", "under $1000".
    // "is it time to buy new shoes" is not one: replacing worn shoes is the article's advice, picking one is not.
    [GeneratedRegex(
        @"\b(?:which|what)\s+(?:\w+\s+){0,3}(?:should|do|would|could|can|shall)\s+(?:i|we|you)\s+(?:buy|order|purchase|get(?=\s*(?:$|[?.,!]|for\b|to\s+buy\b)))\b|\b(?:which|what)\s+(?:\w+\s+){0,2}(?:brand|brands|make|model|models)\b|\b(?:good|best|decent|great|top|cheapest|nice)\s+(?:\w+\s+){0,3}to\s+(?:buy|purchase|order)\b|\bunder\s+[$£€]?\d",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Purchase();

    // "how many steps a day", "how far should I walk every day", "how long should my daily walk be", "10000 steps a day
    // too many", "weekly mileage": an amount of activity per day or week. "i walk 20 miles a week, when do I replace my
    // shoes" states an amount and asks something else, so the amount must be asked for.
    [GeneratedRegex(
        @"\bhow\s+(?:many|much|far|long|often)\b(?:(?![.?!;])[^.?!;]){0,60}?(?:\b(?:a|per|each|every|one)\s+(?:day|week|month|night)\b|\b(?:daily|weekly|nightly)\b)|(?:\b(?:a|per|each|every)\s+(?:day|week)\b|\b(?:daily|weekly)\b)(?:(?![.?!;])[^.?!;]){0,30}?\btoo\s+(?:many|much|far|long|often)\b|\b(?:daily|weekly)\s+(?:mileage|miles|distance|steps|step\s+count|target|goal|amount|kilometers|kilometres|km)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AmountPerPeriod();

    // An amount of weight to lose: "lose 10 pounds", "drop 5 kg", "lose a stone". "will losing a few pounds help my
    // back" names no amount and asks about the back, which the healthy-weight tip answers.
    [GeneratedRegex(
        @"\b(?:lose|losing|drop|dropping|shed|shedding|get\s+rid\s+of)\s+(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty)\s*(?:pounds?|lbs?|kgs?|kilos?|kilograms?|stones?|st)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WeightTarget();

    [GeneratedRegex(
        @"\b(?:how|way|ways|fastest|quickest|quickly|fast|quick|by|before|in\s+a\s+(?:week|month))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HowOrHowFast();

    // "my 8 year old keeps complaining", "our 12-year-old son": someone else, named by age the way parents name a child.
    // "my 4 year old sneakers" is the patient's shoes, so what follows the age must be a child or what a child does.
    [GeneratedRegex(
        @"\b(?:my|our|his|her)\s+\d{1,2}\s*-?\s*(?:year|yr)s?\s*-?\s*old(?=\s*(?:$|[,.?!;]|(?:son|daughter|boy|girl|kid|child|grandson|granddaughter|keeps|kept|has|had|is|was|says|said|complains|complained|cries|walks|runs|wears|won't|can't|doesn't|does|gets|got|hurts|feels)\b))",
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

    /// <summary>How to lose a set amount of weight.</summary>
    WeightTarget,

    /// <summary>A question about a child.</summary>
    Child,
}
