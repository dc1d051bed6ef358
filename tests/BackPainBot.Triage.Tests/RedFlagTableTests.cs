using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests;

/// <summary>Every red flag of the clinical table, said several ways, against the clinic's real rule file.</summary>
public sealed class RedFlagTableTests
{
    public static TheoryData<string, TriageLevel, string> RedFlags => new()
    {
        // Saddle numbness: cauda equina, emergency.
        { "numb between my legs since this morning", TriageLevel.Emergency, "saddle-numbness" },
        { "I can't feel anything down there", TriageLevel.Emergency, "saddle-numbness" },
        { "it feels different when I wipe", TriageLevel.Emergency, "saddle-numbness" },
        { "tingling in my groin and buttocks", TriageLevel.Emergency, "saddle-numbness" },
        { "pins and needles around my genitals", TriageLevel.Emergency, "saddle-numbness" },
        { "my bottom has gone numb", TriageLevel.Emergency, "saddle-numbness" },
        { "my privates are numb", TriageLevel.Emergency, "saddle-numbness" },
        { "can't feel my butt when I sit on the toilet", TriageLevel.Emergency, "saddle-numbness" },

        // Bladder.
        { "I can't pee", TriageLevel.Emergency, "bladder-dysfunction" },
        { "I cant pee since yesterday", TriageLevel.Emergency, "bladder-dysfunction" },
        { "I peed myself this morning", TriageLevel.Emergency, "bladder-dysfunction" },
        { "I suddenly can't control my bladder and my back hurts", TriageLevel.Emergency, "bladder-dysfunction" },
        { "I've lost control of my bladder", TriageLevel.Emergency, "bladder-dysfunction" },
        { "I can't tell when I need to pee anymore", TriageLevel.Emergency, "bladder-dysfunction" },
        { "I haven't been able to pee since yesterday", TriageLevel.Emergency, "bladder-dysfunction" },
        { "i have to strain to pee", TriageLevel.Emergency, "bladder-dysfunction" },
        { "I can't tell if my bladder is full", TriageLevel.Emergency, "bladder-dysfunction" },

        // Bowel.
        { "I've lost control of my bowels", TriageLevel.Emergency, "bowel-dysfunction" },
        { "I can't control my bowels", TriageLevel.Emergency, "bowel-dysfunction" },
        { "I pooped myself and didn't feel it", TriageLevel.Emergency, "bowel-dysfunction" },

        // Sexual dysfunction.
        { "I can't get an erection since the pain", TriageLevel.Emergency, "sexual-dysfunction" },
        { "there's no feeling during sex since my back went", TriageLevel.Emergency, "sexual-dysfunction" },

        // Both legs, legs giving way.
        { "both my legs are weak and giving way", TriageLevel.Emergency, "both-legs" },
        { "I can't feel my legs", TriageLevel.Emergency, "both-legs" },
        { "my legs keep giving way", TriageLevel.Emergency, "both-legs" },
        { "numbness in both legs", TriageLevel.Emergency, "both-legs" },
        { "sciatica down both legs", TriageLevel.Emergency, "both-legs" },
        { "I have no feeling in my legs", TriageLevel.Emergency, "both-legs" },

        // Progressive weakness.
        { "my leg is getting weaker every day", TriageLevel.Emergency, "progressive-weakness" },
        { "the weakness is spreading", TriageLevel.Emergency, "progressive-weakness" },

        // One leg, foot drop: urgent.
        { "my foot drags when I walk", TriageLevel.Urgent, "leg-weakness-one" },
        { "I keep tripping over my toes", TriageLevel.Urgent, "leg-weakness-one" },
        { "my right leg is weak", TriageLevel.Urgent, "leg-weakness-one" },
        { "I can't lift my foot properly", TriageLevel.Urgent, "leg-weakness-one" },
        { "I think I have foot drop", TriageLevel.Urgent, "leg-weakness-one" },
        { "I've been tripping a lot", TriageLevel.Urgent, "leg-weakness-one" },

        // Major trauma.
        { "I fell off a ladder and now my back is killing me", TriageLevel.Emergency, "major-trauma" },
        { "I was in a car accident yesterday", TriageLevel.Emergency, "major-trauma" },
        { "I got hit by a car", TriageLevel.Emergency, "major-trauma" },
        { "I fell down the stairs", TriageLevel.Emergency, "major-trauma" },

        // Minor fall with thin bones or steroids.
        { "on prednisone and slipped", TriageLevel.Urgent, "fall-with-bone-risk" },
        { "I have osteoporosis and fell yesterday", TriageLevel.Urgent, "fall-with-bone-risk" },

        // Aortic aneurysm.
        { "tearing pain in my back and stomach", TriageLevel.Emergency, "aortic-aneurysm" },
        { "I can feel a pulsing in my belly", TriageLevel.Emergency, "aortic-aneurysm" },
        { "my back hurts and I feel faint", TriageLevel.Emergency, "aortic-aneurysm" },
        { "pulsating feeling in my abdomen", TriageLevel.Emergency, "aortic-aneurysm" },

        // Infection.
        { "I've had a fever and chills with this back pain", TriageLevel.Urgent, "fever-infection" },
        { "fever and back pain", TriageLevel.Urgent, "fever-infection" },
        { "I inject drugs", TriageLevel.Urgent, "fever-infection" },
        { "I have a weak immune system", TriageLevel.Urgent, "fever-infection" },
        { "I have a fever and my left leg is weak", TriageLevel.Emergency, "infection-with-neurological-signs" },

        // Cancer, weight loss, night pain.
        { "I had cancer before", TriageLevel.Urgent, "cancer-warning-signs" },
        { "I'm losing weight without trying", TriageLevel.Urgent, "cancer-warning-signs" },
        { "the pain wakes me every night", TriageLevel.Urgent, "cancer-warning-signs" },
        { "it's been two months and it's still not better", TriageLevel.Urgent, "cancer-warning-signs" },

        // Age with back pain.
        { "I'm 58 and my back started hurting last week", TriageLevel.Routine, "age-risk" },
        { "I'm 16 and my lower back aches", TriageLevel.Routine, "age-risk" },

        // Numbness or tingling getting worse.
        { "the numbness in my foot is getting worse", TriageLevel.Urgent, "nerve-symptoms-worsening" },

        // The article's own triggers: routine.
        { "I think I have a pinched nerve", TriageLevel.Routine, "nerve-pinching" },
        { "I feel pinching near a nerve", TriageLevel.Routine, "nerve-pinching" },
        { "shooting pain down my leg", TriageLevel.Routine, "nerve-pinching" },
        { "I get leg cramps at night", TriageLevel.Routine, "leg-cramps" },
        { "my calves cramp when I jog", TriageLevel.Routine, "leg-cramps" },
        { "calf cramps when I run", TriageLevel.Routine, "leg-cramps" },
        { "tingling in my toes", TriageLevel.Routine, "tingling" },
        { "pins and needles in my foot", TriageLevel.Routine, "tingling" },
        { "numbness in my left foot", TriageLevel.Routine, "numbness" },
        { "my leg has gone dead", TriageLevel.Routine, "numbness" },

        // Typing on a phone.
        { "I have numbnes in my foot", TriageLevel.Routine, "numbness" },
        { "numbess in my calf", TriageLevel.Routine, "numbness" },
        { "tingleing in my toes", TriageLevel.Routine, "tingling" },
        { "I can't control my bladdar", TriageLevel.Emergency, "bladder-dysfunction" },
        { "I’ve got a feverr", TriageLevel.Urgent, "fever-infection" },
        { "it's my sciatca again", TriageLevel.Routine, "nerve-pinching" },
        { "I CAN’T FEEL MY LEGS 😭", TriageLevel.Emergency, "both-legs" },

        // Round 8 families, in new words.
        { "it feels like I'm perched on a bike saddle even when I'm standing, dead feeling down there", TriageLevel.Emergency, "saddle-numbness" },
        { "passed a motion in my sleep without realising, back has been awful", TriageLevel.Emergency, "bowel-dysfunction" },
        { "my backside won't seem to close properly since my back went", TriageLevel.Emergency, "bowel-dysfunction" },
        { "my tackle has stopped working since I hurt my back", TriageLevel.Emergency, "sexual-dysfunction" },
        { "my left toes keep scuffing the floor when I walk", TriageLevel.Urgent, "leg-weakness-one" },
        { "back sore for 10 weeks and nothing is helping", TriageLevel.Urgent, "cancer-warning-signs" },
        { "my heel feels like leather, not much feeling in it", TriageLevel.Routine, "numbness" },
        { "a buzzing in my calf like a phone going off", TriageLevel.Routine, "tingling" },
        { "four score years and my back aches on the stairs", TriageLevel.Routine, "age-risk" },

        // Round 9 families, in new words.
        { "since the disc went I can't keep my water in", TriageLevel.Emergency, "bladder-dysfunction" },
        { "there is no control of my bowels since the back injury", TriageLevel.Emergency, "bowel-dysfunction" },
        { "lost my libido and the ability as well since my back went", TriageLevel.Emergency, "sexual-dysfunction" },
        { "both of my ankles and shins are numb", TriageLevel.Emergency, "both-legs" },
        { "my quad has less strength every session", TriageLevel.Emergency, "progressive-weakness" },
        { "my right knee won't hold me on the stairs", TriageLevel.Urgent, "leg-weakness-one" },
        { "my calf is not strong since the back went", TriageLevel.Urgent, "leg-weakness-one" },
        { "I've got a 38 degree temperature and my back hurts", TriageLevel.Urgent, "fever-infection" },
        { "my back pain has been going on for about 9 weeks and physio is not helping", TriageLevel.Urgent, "cancer-warning-signs" },
        { "born in 1948 and my back aches", TriageLevel.Routine, "age-risk" },
        { "just turned 15 and my back hurts after gym", TriageLevel.Routine, "age-risk" },
        { "electric tickles down my shin", TriageLevel.Routine, "tingling" },

        // Round 14 families, in new words.
        { "the labia and all around them feel numb since my disc went", TriageLevel.Emergency, "saddle-numbness" },
        { "I don't get turned on anymore since the back injury", TriageLevel.Emergency, "sexual-dysfunction" },
        { "hardly anything comes out when I pee and I keep needing to go", TriageLevel.Emergency, "bladder-dysfunction" },
        { "my bum won't hold anything in since my back went", TriageLevel.Emergency, "bowel-dysfunction" },
        { "each day my leg gives out after fewer steps", TriageLevel.Emergency, "progressive-weakness" },
        { "Progressive left L5 weakness since Monday", TriageLevel.Emergency, "progressive-weakness" },
        { "had slight knee weakness on Monday, now it collapses every time I stand on it", TriageLevel.Emergency, "progressive-weakness" },
        { "you can see my tummy pulsing and my lower back aches", TriageLevel.Emergency, "aortic-aneurysm" },
        { "I fell off the flatbed onto the road and my back is agony", TriageLevel.Emergency, "major-trauma" },
        { "I came off the back of the trailer onto the concrete", TriageLevel.Emergency, "major-trauma" },
        { "my belt needs new holes and I haven't been dieting, and my back hurts", TriageLevel.Urgent, "cancer-warning-signs" },
        { "the tingly patch on my thigh has doubled", TriageLevel.Urgent, "nerve-symptoms-worsening" },
        { "15F, my lower back hurts after netball", TriageLevel.Routine, "age-risk" },
        { "sharp zings from my glute down to my calf", TriageLevel.Routine, "nerve-pinching" },
    };

    [Theory]
    [MemberData(nameof(RedFlags))]
    public void Assess_RedFlagPhrasing_ReturnsLevelAndCode(string message, TriageLevel level, string code)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(level, result.Level);
        // One report may be two flags of its level: no feeling during sex is sexual dysfunction and saddle numbness.
        var flag = Assert.Single(result.Flags, f => f.Level == level && f.Code == code);
        Assert.Equal(MentionContext.Reported, flag.Context);
    }

    [Fact]
    public void RedFlags_EveryRuleInTheFile_HasAtLeastOneCase()
    {
        var tested = RedFlags.Select(row => (string)row[2]).ToHashSet();
        var untested = ClinicRules.Rules.Rules.Select(r => r.Code).Except(tested);

        Assert.Empty(untested);
    }

    [Theory]
    [InlineData("saddle-numbness")]
    [InlineData("bladder-dysfunction")]
    [InlineData("bowel-dysfunction")]
    [InlineData("sexual-dysfunction")]
    [InlineData("both-legs")]
    [InlineData("progressive-weakness")]
    [InlineData("major-trauma")]
    [InlineData("aortic-aneurysm")]
    [InlineData("infection-with-neurological-signs")]
    public void Rules_EmergencyRule_ExplainsWhyWithoutRepeatingTheBotsLead(string code)
    {
        var rule = Assert.Single(ClinicRules.Engine.Rules, r => r.Code == code);

        // The bot's emergency reply opens with 911, the emergency department and not driving; the advice explains.
        Assert.Equal(TriageLevel.Emergency, rule.Level);
        Assert.Contains("911", rule.Advice);
        Assert.DoesNotContain("Call 911 or go to the nearest emergency department", rule.Advice);
        Assert.DoesNotContain("Don't drive yourself", rule.Advice);
    }

    [Fact]
    public void Rules_EveryAdvice_IsPlainText()
    {
        Assert.All(ClinicRules.Engine.Rules, rule =>
        {
            Assert.DoesNotContain('\n', rule.Advice);
            Assert.True(rule.Advice.IndexOfAny(['*', '_', '#', '[', ']', '<', '>', '`']) < 0, $"{rule.Code}: advice has markup characters");
        });
    }

    [Fact]
    public void Assess_TwoRedFlags_ReturnsBothWithTheHighestLevel()
    {
        var result = ClinicRules.Engine.Assess("I can't feel my legs and I've lost control of my bowels");

        Assert.Equal(TriageLevel.Emergency, result.Level);
        Assert.Equal(["both-legs", "bowel-dysfunction"], result.Flags.Select(f => f.Code));
    }

    [Fact]
    public void Assess_SaddleWording_ReportsSaddleNumbnessNotAlsoRoutineNumbness()
    {
        var result = ClinicRules.Engine.Assess("I'm numb between my legs");

        Assert.Equal("saddle-numbness", Assert.Single(result.Flags).Code);
    }

    [Fact]
    public void Assess_TinglingAndNumbnessInOneLeg_ReturnsRoutine()
    {
        var result = ClinicRules.Engine.Assess("I have tingling and numbness in my leg");

        Assert.Equal(TriageLevel.Routine, result.Level);
        Assert.Equal(["tingling", "numbness"], result.Flags.Select(f => f.Code));
    }

    [Fact]
    public void Assess_SameFlagTwice_ReturnsItOnce()
    {
        var result = ClinicRules.Engine.Assess("I can't pee. Seriously, I can't pee at all.");

        Assert.Equal("bladder-dysfunction", Assert.Single(result.Flags).Code);
    }
}
