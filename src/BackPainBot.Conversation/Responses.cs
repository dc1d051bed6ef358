using System.Globalization;
using BackPainBot.Knowledge;
using BackPainBot.Triage;

namespace BackPainBot.Conversation;

/// <summary>
/// Every word the bot says, in one place, so the clinic can review it and tests can assert against the same text.
/// Plain text with line breaks: it reads the same in Web Chat, Teams and any other channel.
/// </summary>
public sealed class Responses(ClinicOptions clinic)
{
    public const string BookAction = "Book a consultation";
    public const string StaffAction = "Talk to staff";
    public const string YesAction = "Yes";
    public const string NoAction = "No";
    public const string NotSureAction = "Not sure";
    public const string NoneOfTheseAction = "None of these";
    public const string PassQuestionAction = "Pass my question to staff";
    public const string SkipAction = "Skip";

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public string Welcome =>
        $"Hi, I'm the {clinic.Name} assistant. I'm an automated assistant, not a clinician, and I can't diagnose anything.\n\n" +
        "If you have a medical emergency, call 911 now.\n\n" +
        "I can share the clinic's self-care tips for lower back pain that may stem from your ankles, and help you book a consultation. What would you like to know?";

    public string Hello => "Hello! Ask me about the clinic's tips for lower back pain, or type \"book\" to ask for a consultation.";

    public string YoureWelcome => "You're welcome. Take care of your back, and stop any activity that hurts.";

    public string Help =>
        "I can answer questions about the clinic's article \"The Cause of Lower Back Pain May Stem from Your Ankles\": shoes, shorter steps, how your foot lands, your core, a healthy weight, softer surfaces and what to do when it hurts.\n\n" +
        "Type \"book\" to ask the clinic for a consultation, \"cancel\" to stop a booking, or \"start over\" to begin again. If you have a medical emergency, call 911.";

    public string EmptyMessage => "I can only read text. What would you like to know about lower back pain?";

    public string Cancelled => "OK, I've stopped that. Nothing more was sent to the clinic. What else can I help with?";

    public string NothingToCancel => "There's nothing to cancel. What would you like to know?";

    public string StartedOver => "Let's start over.";

    public string EmergencyReminder => "Reminder: if your symptoms feel like an emergency, call 911.";

    /// <summary>An answer from the knowledge base, with its source.</summary>
    public string Answer(KnowledgeSection section) =>
        $"{section.Title}\n\n{section.Text}\n\nSource: \"{section.ArticleTitle}\", section \"{section.Title}\"" +
        (section.SourceUrl is { Length: > 0 } url ? $" ({url})" : "");

    public string CannotHelp(IEnumerable<string> topics) =>
        "I'm sorry, I can't help with that. I can only help with the clinic's self-care tips for lower back pain that may stem from your ankles, such as: " +
        string.Join("; ", topics) + ".\n\nI can also pass your question to the clinic's staff, who will get back to you.";

    /// <summary>Several sections answer the question together: each title with its first sentence.</summary>
    public string AnswerList(IReadOnlyList<KnowledgeSection> sections) =>
        "Here are the clinic's tips for that:\n\n" +
        string.Join("\n", sections.Select(s => $"- {s.Title}: {FirstSentence(s.Text)}")) +
        "\n\nChoose a tip below to read more." +
        $"\n\nSource: \"{sections[0].ArticleTitle}\"" +
        (sections[0].SourceUrl is { Length: > 0 } url ? $" ({url})" : "");

    public string Clarify => "I have a few answers that could fit. Which one did you mean?";

    public string NoneOfThese =>
        "Sorry I couldn't find what you were looking for. I can pass your question to the clinic's staff, or you can book a consultation.";

    public string QuestionForStaff => "I'll pass your question to the clinic's staff. They'll need a way to get back to you.";

    public string ScreeningIntro => "Before I go on, I need to check something, because some symptoms need care straight away.";

    public string RetryScreening => "Please answer yes, no, or not sure.";

    /// <summary>
    /// A screening answer could not be read within the retry limit: like "not sure", it counts as a yes. Sent after the
    /// level's own reply, which must come first.
    /// </summary>
    public string ScreeningUnanswered =>
        "I couldn't read your answer to that question, so to be safe I've treated it as a yes.";

    public string ShoeMileage(double miles)
    {
        var rounded = Math.Round(miles).ToString("N0", English);
        return miles switch
        {
            > 500 => $"At about {rounded} miles, your shoes are past the 300-500 miles after which the clinic suggests replacing them. It's time for a new pair.",
            >= 300 => $"At about {rounded} miles, your shoes are within the 300-500 miles at which the clinic suggests replacing them. Plan on a new pair soon.",
            _ => $"At about {rounded} miles, your shoes are still under the 300-500 miles at which the clinic suggests replacing them.",
        };
    }

    public string LongLastingPain(TimeSpan duration) =>
        $"Pain that has lasted about {DescribeDuration(duration)} is worth having checked. I'd suggest booking a consultation so a clinician can find the source.";

    public string HighPainScore(int score) =>
        $"A pain score of {score} out of 10 is high. Stop the activity that brings it on, and consider booking a consultation.";

    public string Emergency(IEnumerable<string> advice, bool someoneElse) =>
        (someoneElse
            ? "This could be a medical emergency for the person you describe. Call 911 now or take them to the nearest emergency department. They should not drive themselves."
            : "This could be a medical emergency. Call 911 now or go to the nearest emergency department. Please don't drive yourself.")
        + "\n\n" + string.Join("\n\n", advice);

    public string Urgent(IEnumerable<string> advice, bool someoneElse) =>
        (someoneElse
            ? "The person you describe should see a clinician today, or within the next 24 to 48 hours at the latest."
            : "Please see a clinician today, or within the next 24 to 48 hours at the latest.")
        + "\n\n" + string.Join("\n\n", advice);

    public string Routine(IEnumerable<string> advice, bool someoneElse) =>
        (someoneElse
            ? "The symptoms you describe should be checked by a clinician."
            : "Those symptoms should be checked by a clinician.")
        + "\n\n" + string.Join("\n\n", advice);

    /// <summary>The advice of a risk factor that is not a symptom (age): why a check is worth having, before the answer.</summary>
    public string RiskFactor(IEnumerable<string> advice) => string.Join("\n\n", advice);

    public string Hypothetical(TriageLevel level, IEnumerable<string> advice) =>
        (level == TriageLevel.Emergency
            ? "If that happens, treat it as an emergency: call 911 or go to the nearest emergency department, and don't drive yourself."
            : level == TriageLevel.Urgent
                ? "If that happens, see a clinician the same day, or within 24 to 48 hours at the latest."
                : "If that happens, stop the activity and seek medical attention and the long-term care of a chiropractor.")
        + "\n\n" + string.Join("\n\n", advice);

    public string StaffAlerted(Guid handoffId) =>
        $"I've alerted the clinic's staff (reference {Reference(handoffId)}).";

    public string EmergencyFollowUp => "When you're safe, you can leave your details so the clinic can follow up.";

    public string BookingIntro => "Let's get you booked in with the clinic. You can type \"cancel\" at any time.";

    public string AskName => "What name should the clinic use? If you'd rather not say, type \"skip\".";

    public string RetryName =>
        "Please type the name the clinic should use, for example \"Jane Smith\", or \"skip\" if you'd rather not say.";

    /// <summary>The patient declined to give a name; the contact question follows.</summary>
    public string NameDeclined => "That's fine, you don't have to give a name.";

    /// <summary>No name could be read within the retry limit: it is left out, and the contact question follows.</summary>
    public string NameUnanswered =>
        $"Sorry, I couldn't read that as a name, so I'll skip it. If it's easier to talk to someone, you can call the clinic at {clinic.Phone}.";

    public string AskContact =>
        "What's the best phone number or email address to reach you? If you'd rather not give one, type \"skip\".";

    public string RetryContact =>
        "That doesn't look like a phone number or email address I can use. Please type a phone number such as 801-555-0142, or an email such as name@example.com, or \"skip\" if you'd rather not give one.";

    public string AskTime => $"When would you like to come in? For example \"next Tuesday at 3pm\" or \"as soon as possible\". Times are in the clinic's time zone.";

    public string RetryTime =>
        "I couldn't read that as a future date and time. Please try something like \"next Tuesday at 3pm\", \"tomorrow at 10am\" or \"as soon as possible\".";

    /// <summary>No time could be read within the retry limit: like a declined time, it is left to the clinic.</summary>
    public string TimeUnanswered =>
        $"Sorry, I couldn't read that as a date and time, so I'll skip it: the clinic's staff will find a time with you. If it's easier, you can call the clinic at {clinic.Phone}.";

    /// <param name="name">Null when the patient declined to give one.</param>
    /// <param name="preferred">Null for as soon as possible, or when the patient gave no preference.</param>
    public string Confirm(string? name, string contact, DateTimeOffset? preferred, bool noPreference = false) =>
        $"Here's what I'll send to the clinic:\nName: {name ?? NotGiven}\nContact: {contact}\nPreferred time: {(noPreference ? "no preference" : DescribeTime(preferred))}\n\nShall I send it?";

    public string RetryConfirm => "Please answer yes to send it, or no to change it.";

    public string BookingRedo => "No problem, let's go through it again.";

    /// <param name="name">Null when the patient declined to give one.</param>
    public string BookingConfirmed(string? name, string contact, Guid handoffId) =>
        $"{(name is null ? "Thanks." : $"Thanks, {name}.")} We've got it: the clinic's staff will contact you at {contact} to confirm your appointment. Your reference is {Reference(handoffId)}.";

    /// <summary>
    /// The patient declined to leave a way to reach them, so the contact questions end. After an emergency the reply
    /// repeats what to do now; otherwise it says how to reach the clinic instead, since staff cannot call back.
    /// </summary>
    /// <param name="level">The conversation's triage level.</param>
    /// <param name="staffTold">Whether a handoff for staff was recorded in this conversation (emergency and urgent reports).</param>
    public string DetailsDeclined(TriageLevel level, bool staffTold) => level switch
    {
        TriageLevel.Emergency =>
            "That's fine, you don't have to leave your details." +
            (staffTold ? " The clinic's staff have been told what you described." : "") +
            " Please don't wait to hear from the clinic: call 911 now or go to the nearest emergency department.",
        TriageLevel.Urgent =>
            "That's fine, you don't have to leave your details." +
            (staffTold ? " The clinic's staff have been told what you described, but they can't call you back without a phone number or email." : "") +
            $" Please see a clinician today, or within the next 24 to 48 hours at the latest. You can call the clinic at {clinic.Phone}.",
        _ =>
            "That's fine, I haven't sent anything to the clinic. Without a phone number or email the clinic's staff can't call you back, " +
            $"so if you'd like a consultation or an answer from them, call the clinic at {clinic.Phone}, or type \"book\" here whenever you're ready.",
    };

    /// <summary>
    /// No phone number or email could be read within the retry limit, or no yes or no at the read-back
    /// (<paramref name="atConfirm"/>): the question is skipped as if declined, so the contact questions end. Each level
    /// says what <see cref="DetailsDeclined"/> says, and every reply gives the clinic's phone number.
    /// </summary>
    /// <param name="atConfirm">The read-back went unanswered: the details were not sent.</param>
    /// <param name="level">The conversation's triage level.</param>
    /// <param name="staffTold">Whether a handoff for staff was recorded in this conversation (emergency and urgent reports).</param>
    public string DetailsUnanswered(bool atConfirm, TriageLevel level, bool staffTold)
    {
        var opening = atConfirm
            ? "Sorry, I couldn't tell whether you wanted me to send those details, so I haven't sent them."
            : "Sorry, I still couldn't read a phone number or email address there, so I'll skip that question.";
        return level switch
        {
            TriageLevel.Emergency =>
                opening +
                (staffTold ? " The clinic's staff have been told what you described." : "") +
                " Please don't wait to hear from the clinic: call 911 now or go to the nearest emergency department." +
                $" When you're safe, you can call the clinic at {clinic.Phone}.",
            TriageLevel.Urgent =>
                opening +
                (staffTold ? " The clinic's staff have been told what you described, but they can't call you back without a phone number or email." : "") +
                $" Please see a clinician today, or within the next 24 to 48 hours at the latest. You can call the clinic at {clinic.Phone}.",
            _ =>
                opening +
                (atConfirm ? "" : " I haven't sent anything to the clinic.") +
                $" The clinic's staff can't call you back without a phone number or email, so please call the clinic at {clinic.Phone}, or type \"book\" here to try again.",
        };
    }

    /// <summary>"Cancel" during the contact questions after an emergency: stopping them must not sound like all clear.</summary>
    public string CancelledAfterEmergency =>
        "OK, I've stopped that. Nothing more was sent to the clinic. Please don't wait: call 911 now or go to the nearest emergency department.";

    public string SaveFailed =>
        $"I'm sorry, I couldn't pass this on to the clinic just now. Please call the clinic at {clinic.Phone}. If this is an emergency, call 911.";

    public string SomethingWentWrong =>
        $"Sorry, something went wrong on my side, so let's start again. If you need help now, call the clinic at {clinic.Phone}; in an emergency call 911.";

    /// <summary>A member of staff joined the conversation from the console (live takeover).</summary>
    public string StaffJoined(string staffName) =>
        $"{staffName} from the clinic's staff has joined the chat. You're talking with a person now, and I'll stay quiet until they leave. If this is an emergency, call 911.";

    /// <summary>A staff member's message, as the patient sees it.</summary>
    public string StaffMessage(string staffName, string text) => $"{staffName} (clinic staff): {text}";

    /// <summary>The member of staff left; the bot answers again.</summary>
    public string StaffLeft(string staffName) =>
        $"{staffName} has left the chat. You're back with the clinic's automated assistant. What would you like to know?";

    /// <summary>A phone number as people read it: US numbers as (801) 555-0142, others as given.</summary>
    public static string DescribePhone(string phone)
    {
        var digits = phone.StartsWith("+1", StringComparison.Ordinal) && phone.Length == 12 ? phone[2..] : phone;
        return digits.Length == 10 && digits.All(char.IsAsciiDigit)
            ? $"({digits[..3]}) {digits[3..6]}-{digits[6..]}"
            : phone;
    }

    /// <summary>How a detail the patient chose not to give reads back to them.</summary>
    public const string NotGiven = "not given";

    public static string Reference(Guid handoffId) => handoffId.ToString("N")[..8].ToUpperInvariant();

    public static string DescribeTime(DateTimeOffset? preferred) =>
        preferred is { } time
            ? time.ToString("dddd, MMMM d 'at' h:mm tt", English)
            : "as soon as possible";

    private static string FirstSentence(string text)
    {
        var end = text.IndexOfAny(['.', '!', '?']);
        return end < 0 ? text : text[..(end + 1)];
    }

    private static string DescribeDuration(TimeSpan duration) => duration.TotalDays switch
    {
        >= 60 => $"{Math.Round(duration.TotalDays / 30.4):0} months",
        >= 14 => $"{Math.Round(duration.TotalDays / 7):0} weeks",
        _ => $"{Math.Round(duration.TotalDays):0} days",
    };
}
