using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests;

/// <summary>
/// Round 16: the ways a plain self-care message used to be escalated, each as a family of phrasings, with the twins of
/// the same shape that carry a real symptom and must still be escalated.
/// </summary>
public sealed class FalseEscalationTests
{
    // A symptom word used figuratively, or for a feeling.
    [Theory]
    [InlineData("the ending of that show left me totally numb, anyway which trainers are best for flat feet?")]
    [InlineData("tingling with anticipation before my first marathon, how do I taper without a sore back?")]
    [InlineData("I've gone numb to his snoring lol, is a firm mattress better for back ache?")]
    [InlineData("read a spine-tingling thriller last night. unrelated, is it ok to read in bed with a stiff back?")]
    [InlineData("the quote for new orthotics made my legs go weak haha. are cheap insoles any use?")]
    public void Assess_FigurativeSymptomWord_IsNotEscalated(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);
    }

    [Theory]
    [InlineData("that film left me numb, but honestly my groin has been numb since yesterday and my back hurts", TriageLevel.Emergency)]
    [InlineData("tingling with excitement for the trip, but my left foot has been dragging since Monday", TriageLevel.Urgent)]
    public void Assess_RealSymptomAfterFigurativeOne_IsStillEscalated(string message, TriageLevel level)
    {
        Assert.Equal(level, ClinicRules.Engine.Assess(message).Level);
    }

    // A denial told as the answer to someone else's question, or to a form.
    [Theory]
    [InlineData("the GP asked whether I'd had any numbness in my legs, I said no. What stretches help?")]
    [InlineData("the nurse asked about leaking or numbness down below. Nope, none. Is heat ok?")]
    [InlineData("intake form: bladder changes? leg weakness? - no to both. how long is the first visit?")]
    [InlineData("my wife keeps asking if my foot is numb. It isn't! just a sore back, any tips?")]
    [InlineData("the chiro wanted to know if I had any weakness in my foot, which I don't, so what shoes help?")]
    public void Assess_DenialAnsweringSomeonesQuestion_IsNotEscalated(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);
    }

    [Theory]
    [InlineData("the doctor asked about numbness, I don't have any, but I've wet myself twice since my back went", TriageLevel.Emergency)]
    [InlineData("the physio asked about weakness and I said yes, my right foot drags when I walk", TriageLevel.Urgent)]
    [InlineData("the GP asked if my legs were weak. They are, both of them, since this morning", TriageLevel.Emergency)]
    public void Assess_QuestionAnsweredYesOrOtherSymptomNamed_IsStillEscalated(string message, TriageLevel level)
    {
        Assert.Equal(level, ClinicRules.Engine.Assess(message).Level);
    }

    // An answer denies only as the whole of its clause, and a run of short questions is not answered across a "yes".
    [Theory]
    [InlineData("if my legs went numb I don't know what I'd do, should I call 911?")]
    [InlineData("the nurse asked if I had numbness down below. Yes, since Tuesday")]
    [InlineData("numb groin? yep. weak legs? no.")]
    [InlineData("is it an emergency if I can't feel my bum? No, I mean it.")]
    public void Assess_AnswerThatDeniesNothing_KeepsTheEmergency(string message)
    {
        Assert.Equal(TriageLevel.Emergency, ClinicRules.Engine.Assess(message).Level);
    }

    // A question someone asked, answered "yes", is the writer's report.
    [Theory]
    [InlineData("the nurse asked if I'd wet myself. yes, twice since Sunday")]
    [InlineData("the GP asked whether I had lost control of my bladder, and yes I have")]
    public void Assess_QuestionAnsweredYes_IsAReportedEmergency(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Contains(result.Flags, f => f.Context == MentionContext.Reported);
    }

    // A symptom resolved long ago, told before a question.
    [Theory]
    [InlineData("had sciatica in my twenties for a month, it's been fine for years. what office chair should I buy?")]
    [InlineData("got a trapped nerve ages ago but it's been fine since. best mattress for a side sleeper?")]
    [InlineData("my foot tingled for weeks after my knee op, it sorted itself out. is swimming good for the back?")]
    [InlineData("got sciatica tingling down my leg in 2018, none since. which core exercises?")]
    public void Assess_SymptomLongResolved_IsNotEscalated(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);
    }

    [Theory]
    [InlineData("pinched nerve years ago, fine since, but this week the tingling down my leg is back", TriageLevel.Routine)]
    [InlineData("the weakness in my leg went away for an hour this morning but now it's back", TriageLevel.Urgent)]
    [InlineData("numb bum after a long ride years ago, fine since, but since yesterday I can't feel the toilet seat", TriageLevel.Emergency)]
    public void Assess_SymptomResolvedButBack_IsStillEscalated(string message, TriageLevel atLeast)
    {
        Assert.True(ClinicRules.Engine.Assess(message).Level >= atLeast);
    }

    // A limb asleep or tingly from a passing cause, and it went.
    [Theory]
    [InlineData("my foot fell asleep at the theatre, fine once I stood up. best shoes for standing all day?")]
    [InlineData("legs crossed on the bus and one foot went dead, back to normal a minute later. is crossing them bad for my back?")]
    [InlineData("my toes tingled after an hour in the snow, warmed up and fine. does cold make back ache worse?")]
    [InlineData("my leg went numb kneeling to paint the skirting, shook it off in a minute. how do I kneel without back ache?")]
    public void Assess_PassingSymptomThatWent_IsNotEscalated(string message)
    {
        Assert.Equal(TriageLevel.None, ClinicRules.Engine.Assess(message).Level);
    }

    [Theory]
    [InlineData("my foot fell asleep on the loo last week and it's been numb ever since", TriageLevel.Routine)]
    [InlineData("my foot went dead from sitting, usually fine after a minute, but now it drags and I keep tripping", TriageLevel.Urgent)]
    public void Assess_PassingCauseButSymptomStays_IsStillEscalated(string message, TriageLevel atLeast)
    {
        Assert.True(ClinicRules.Engine.Assess(message).Level >= atLeast);
    }

    // A toe or a few toes that tingle or go numb: nerve irritation, which the second opinion must not make leg weakness.
    [Theory]
    [InlineData("my toes on the right go dead when I walk far")]
    [InlineData("my left foot feels fizzy")]
    public void Assess_ToesNumbOrTingling_WithSecondOpinion_IsRoutine(string message)
    {
        Assert.Equal(TriageLevel.Routine, ClinicRules.EngineWithSecondOpinion.Assess(message).Level);
    }

    [Theory]
    [InlineData("my toes catch on every step and I can't lift the front of my right foot")]
    [InlineData("my toes on the right go dead and my right foot has started to drag")]
    public void Assess_ToesWithFootDrop_WithSecondOpinion_IsUrgent(string message)
    {
        Assert.True(ClinicRules.EngineWithSecondOpinion.Assess(message).Level >= TriageLevel.Urgent);
    }
}
