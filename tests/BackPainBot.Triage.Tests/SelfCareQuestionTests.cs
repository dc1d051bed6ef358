using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests;

/// <summary>Plain self-care questions must not raise a red flag: false alarms erode trust and clog the staff queue.</summary>
public sealed class SelfCareQuestionTests
{
    [Theory]
    [InlineData("how often should I replace my shoes")]
    [InlineData("is jogging on concrete bad")]
    [InlineData("my back hurts when I walk")]
    [InlineData("tips for stiffness")]
    [InlineData("I'm not numb, just stiff")]
    [InlineData("how many miles before I replace running shoes?")]
    [InlineData("should I take shorter steps when I run")]
    [InlineData("does landing on my heel hurt my back")]
    [InlineData("what exercises strengthen my core")]
    [InlineData("how do I lose weight to help my back")]
    [InlineData("is walking up hills bad for my back?")]
    [InlineData("is it better to run on grass or trails")]
    [InlineData("my legs are sore after a marathon")]
    [InlineData("I have weak ankles, does that matter?")]
    [InlineData("should I use heat or ice")]
    [InlineData("I never had back pain before")]
    [InlineData("I need to cancel my appointment")]
    [InlineData("rugby fever in our house this weekend, any stretches for a stiff back from the sofa?")]
    [InlineData("that ghost story gave me the chills, any tips for posture when reading in bed?")]
    [InlineData("our old spaniel is going wobbly in his back legs, any good vets?")]
    [InlineData("my hand goes numb when I lean on it at my desk")]
    [InlineData("my phone keeps buzzing at night, any tips for sleeping with a sore back?")]
    [InlineData("my toddler had an accident in her pants at daycare, anyway which chair is best for my back")]
    [InlineData("I don't think it's a nerve thing, just a dull ache low down")]
    [InlineData("what number should I call")]
    [InlineData("I've been wearing new shoes")]
    [InlineData("I went camping and my legs hurt")]
    [InlineData("I got a steroid injection last month")]
    [InlineData("I have hay fever and back pain")]
    [InlineData("I fell asleep on the couch and woke up sore, I take prednisone")]
    [InlineData("I slipped a little on the trail but I'm fine")]
    [InlineData("I'm taking steroids, is running ok?")]
    [InlineData("I ran 450 miles in these shoes")]
    [InlineData("book an appointment for next Tuesday at 3pm")]
    [InlineData("my email is jane@example.com")]
    [InlineData("how do I strengthen weak legs")]
    [InlineData("exercises for weak legs")]
    [InlineData("I have a weak core")]
    [InlineData("my back gives out sometimes")]
    [InlineData("Does the temperature outside affect my back?")]
    [InlineData("the fall season is when I run most")]
    [InlineData("I have a trip planned next week, any tips for the flight?")]
    [InlineData("what shoes are best for flat feet")]
    [InlineData("I'm 55 and want to start running, any tips?")]
    [InlineData("I'm 12 weeks into marathon training")]
    [InlineData("my legs are dead after leg day")]
    [InlineData("I can't wait a week for an appointment")]
    [InlineData("I was up all night with the baby")]
    [InlineData("my kids both have colds")]
    [InlineData("the pain went away after I stretched")]
    [InlineData("yes")]
    [InlineData("no")]
    [InlineData("I'm numb to it all after ten years of back pain, which shoes are best?")]
    [InlineData("traffic was held up by a crash on the highway so I sat for hours and my back is stiff")]
    [InlineData("I fell off the wagon with my running plan, how do I restart?")]
    [InlineData("a crate fell off the trailer and I lifted it back on, now my back is sore")]
    [InlineData("I've lost 5 kilos on my diet, is that good for my back?")]
    [InlineData("my groin strain is better and my toes go numb in the cold, which shoes?")]
    [InlineData("cancel")]
    [InlineData("Jane Smith")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("👍")]
    public void Assess_SelfCareQuestion_ReturnsNone(string message)
    {
        var result = ClinicRules.Engine.Assess(message);

        Assert.Equal(TriageLevel.None, result.Level);
        Assert.Empty(result.Flags);
    }
}
