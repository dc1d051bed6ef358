using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>
/// Requests the article cannot answer although its words match a tip (which product to buy, how much to walk, how much
/// weight to lose, where the nearest track is, how long healing takes or pain lasts, how many sessions, a pace, a programme, a child's
/// feet, what a word means, how to correct the feet, when in the day to walk, which exercise loses weight, which shoe is
/// best, weights worn while walking), next to the questions on the same topics that it does answer.
/// </summary>
public sealed class OutOfScopeRequestTests(ShippedKnowledge knowledge) : IClassFixture<ShippedKnowledge>
{
    private readonly KnowledgeIndex _index = knowledge.Index;

    [Theory]
    [InlineData("which treadmill should I buy for my garage")]
    [InlineData("what's a decent walking shoe to buy")]
    [InlineData("what make of trainers do physios like")]
    [InlineData("are orthotics a good idea for my back")]
    [InlineData("how many steps per day should I aim for")]
    [InlineData("how far should I jog each week")]
    [InlineData("is 8 miles a week too much for my back")]
    [InlineData("what's the quickest way to shed 15 lbs")]
    [InlineData("my 10 year old complains his heels hurt")]
    [InlineData("where can I recycle worn out sneakers")]
    [InlineData("how many stone do i need to lose for my back")]
    [InlineData("how much would i have to weigh for the ache to stop")]
    [InlineData("is there a rubber running track anywhere near me")]
    [InlineData("which park nearest to me has grass")]
    [InlineData("how long before my lower back heals")]
    [InlineData("how long should i rest my back before i jog again")]
    [InlineData("how many weeks off running do i need")]
    [InlineData("what incline is best on a treadmill for my back")]
    [InlineData("what bmi is a healthy weight for my back")]
    [InlineData("how many centimetres long should my stride be")]
    [InlineData("how many pounds overweight is bad for your back")]
    [InlineData("how many adjustments will my back need")]
    [InlineData("what pace should i jog at for my back")]
    [InlineData("can you write me a 4 week walking plan")]
    [InlineData("how far should my runs be")]
    [InlineData("which trainers have the most cushioning")]
    [InlineData("how long does lower back ache tend to last")]
    [InlineData("is walking around barefoot at home ok for my back")]
    [InlineData("do ankle braces help my back")]
    [InlineData("how do i get rid of the smell in my trainers")]
    [InlineData("what does overpronation mean")]
    [InlineData("can high arches be fixed")]
    [InlineData("should i walk in the morning or at night for my back")]
    [InlineData("is walking or jogging better for shedding pounds")]
    [InlineData("whats the best trail shoe for a bad back")]
    [InlineData("do ankle weights make walking better for your back")]
    public void Search_RequestTheArticleDoesNotAnswer_SaysNoMatch(string question)
    {
        SearchAssert.NoMatch(_index, question);
    }

    [Theory]
    [InlineData("is it time to buy new running shoes", "replace-shoes")]
    [InlineData("how many miles should a pair of trainers last", "replace-shoes")]
    [InlineData("are my 3 year old trainers bad for my back", "replace-shoes")]
    [InlineData("would losing a few pounds help my lower back", "healthy-weight")]
    [InlineData("should I walk on a treadmill instead of the pavement", "softer-surfaces")]
    [InlineData("how much does shedding weight help my back", "healthy-weight")]
    [InlineData("the only place to walk near me is concrete, is that bad for my back", "softer-surfaces")]
    [InlineData("how long do trainers last before they need replacing", "replace-shoes")]
    [InlineData("my bmi went up a lot this year, could that be straining my back", "healthy-weight")]
    [InlineData("should i walk on the treadmill rather than the road", "softer-surfaces")]
    [InlineData("my back started hurting during my workout, now what", "stop-and-seek-care")]
    [InlineData("should i slow my pace to protect my back", "shorter-steps")]
    [InlineData("how long do running shoes last", "replace-shoes")]
    public void Search_SameTopicTheArticleAnswers_StillAnswers(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("why dose gaining weight strain my ankles", "healthy-weight")]
    [InlineData("dose the floor i walk on matter for my back", "softer-surfaces")]
    public void Search_DoseTypedForDoes_AnswersTheQuestion(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("what dose of naproxen is safe")]
    [InlineData("what dose should I take for back pain")]
    public void Search_DoseOfAMedicine_SaysNoMatch(string question)
    {
        Assert.Equal(SearchDecision.NoMatch, _index.Search(question).Decision);
    }

    [Theory]
    [InlineData("what's new with you")]
    [InlineData("how old is the oldest tree in the world")]
    [InlineData("is the new season of that show out yet")]
    public void Search_OnlyAWordWithAnEverydaySense_SaysNoMatch(string question)
    {
        SearchAssert.NoMatch(_index, question);
    }

    [Theory]
    [InlineData("are my old sneakers hurting my back", "replace-shoes")]
    [InlineData("do i need new shoes for my back", "replace-shoes")]
    public void Search_EverydayWordAlongsideShoes_StillAnswers(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("can being stressed out give me a sore back")]
    [InlineData("where can i park when i come for my appointment")]
    [InlineData("does my gp have to give me a referral first")]
    [InlineData("can i pay for treatment in instalments")]
    public void Search_CauseOrClinicAdminTheArticleDoesNotCover_SaysNoMatch(string question)
    {
        SearchAssert.NoMatch(_index, question);
    }

    [Theory]
    [InlineData("chef here, same clogs every shift for years, should i swap them for my back", "replace-shoes")]
    [InlineData("walking the dog i do big lunging strides, would shorter ones be better for my back", "shorter-steps")]
    [InlineData("i'm always walking on my tiptoes, could that be hurting my back", "area-of-impact")]
    [InlineData("piled on a lot over the holidays and now my back aches, could that be it", "healthy-weight")]
    [InlineData("i want my back looked at properly, how do i set that up", "get-a-consultation")]
    public void Search_QuestionToldAsAStory_AnswersTheTip(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    // Round r9: the clinic itself (languages, how long a visit takes, when and how to book, a free assessment) is the
    // staff's to answer, though "chiropractor", "consultation" and "appointment" are the article's words.
    [Theory]
    [InlineData("is there a chiropractor there who speaks portuguese")]
    [InlineData("how long is a first consultation with you")]
    [InlineData("could i get seen this evening by one of your clinicians")]
    [InlineData("is the initial assessment free")]
    [InlineData("can i book a consultation online")]
    public void Search_QuestionAboutTheClinicItself_SaysNoMatch(string question)
    {
        SearchAssert.NoMatch(_index, question);
    }

    // Round r9: amounts, devices and measurements the article never gives: a pace per mile, a BMI figure, measuring a
    // stride, money to spend, a mileage app.
    [Theory]
    [InlineData("what pace in minutes per km is safe for my lower back")]
    [InlineData("is a bmi of 31 bad for back pain from walking")]
    [InlineData("how can i measure my step length")]
    [InlineData("how much should i pay for walking shoes that protect my back")]
    [InlineData("which app logs how many miles my trainers have done")]
    public void Search_MeasurementOrDeviceTheArticleDoesNotGive_SaysNoMatch(string question)
    {
        SearchAssert.NoMatch(_index, question);
    }

    // Round r12: a teenager named by age walks, runs, lands and puts on weight as the article describes, so a parent's
    // question about one is answered; a small child's feet are still out of scope.
    [Theory]
    [InlineData("my daughter is 15 and lands right on her toes when she runs, could that be hurting her back", "area-of-impact")]
    [InlineData("our 14 year old put on a lot of weight this year and his back aches now, are they connected", "healthy-weight")]
    [InlineData("my son (16) takes huge long strides and says his lower back hurts, would shorter steps help", "shorter-steps")]
    public void Search_ParentAskingAboutATeenagerByAge_AnswersTheTip(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("my 4 year old still walks on his toes, is that ok")]
    [InlineData("my 3 year old keeps tripping over, is it his feet")]
    [InlineData("my 5 year old has really flat feet, will she grow out of it")]
    public void Search_ParentAskingAboutASmallChild_SaysNoMatch(string question)
    {
        SearchAssert.NoMatch(_index, question);
    }

    // Round r12: whether the clinic takes walk-ins is the staff's to answer, though "appointment" is the article's word;
    // walking in old shoes is still the shoes tip.
    [Theory]
    [InlineData("can we just walk in or is booking needed")]
    [InlineData("is it ok to turn up without an appointment")]
    [InlineData("do i have to book an appointment in advance or can i drop in")]
    public void Search_WhetherTheClinicTakesWalkIns_SaysNoMatch(string question)
    {
        SearchAssert.NoMatch(_index, question);
    }

    [Fact]
    public void Search_WalkingInOldShoes_StillAnswersTheShoesTip()
    {
        SearchAssert.Answers(_index, "can i walk in my old worn out trainers or should i replace them", "replace-shoes");
    }

    // Round r12: stone streets on a holiday are a hard surface; training through the pain is whether to stop; a warning
    // sign felt near another body part is still the warning sign, while that body part hurting stays out of scope.
    [Theory]
    [InlineData("on holiday somewhere with stone streets everywhere, should i look for softer ground to walk on", "softer-surfaces")]
    [InlineData("can i just train through lower back pain", "stop-and-seek-care")]
    [InlineData("is it ok to continue exercising when my back starts hurting", "stop-and-seek-care")]
    [InlineData("theres a tingling feeling down into my thigh when my back aches, should i see a doctor", "stop-and-seek-care")]
    public void Search_R12FamiliesInNewWords_AnswersTheTip(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("my hip hurts when i walk, what should i do")]
    [InlineData("can i fly long haul with a bad back")]
    public void Search_AnotherBodyPartOrAFlight_SaysNoMatch(string question)
    {
        SearchAssert.NoMatch(_index, question);
    }

    // Round r13: what a watch, an app or a shop's gait analysis reported is the story; the question is about the
    // steps, the miles or the landing it reported. Asked about for itself, the device stays out of scope.
    [Theory]
    [InlineData("my fitbit says I walk about 12k steps a day, could that many steps be why my lower back aches", "why-ankles-cause-back-pain")]
    [InlineData("my running watch shows 520 miles on these trainers, should I replace them", "replace-shoes")]
    [InlineData("the running store did a gait analysis and said I land on my toes, does that matter for my back", "area-of-impact")]
    public void Search_ANumberAWatchOrShopReported_AnswersTheTip(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Fact]
    public void Search_AboutTheWatchItself_SaysNoMatch()
    {
        SearchAssert.NoMatch(_index, "is my apple watch accurate for counting steps");
    }

    // Round r13: the article says what gait is, so "what is gait" is answered while other words are still not defined;
    // "what does that mean for my back" asks what follows, not a meaning.
    [Theory]
    [InlineData("what is gait?", "why-ankles-cause-back-pain")]
    [InlineData("what does heel striking mean for my lower back", "area-of-impact")]
    public void Search_GaitOrWhatSomethingMeansForTheBack_AnswersTheTip(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Fact]
    public void Search_WhatAnotherWordMeans_SaysNoMatch()
    {
        SearchAssert.NoMatch(_index, "what does overstriding mean");
    }

    // Round r13: a statement with a tag ("..., right?") is the question; once or ongoing care is the consultation's
    // promise to work with the patient until they are pain free.
    [Theory]
    [InlineData("surely a little pain is ok to jog through, right?", "stop-and-seek-care")]
    [InlineData("is the treatment just a one-off visit or do you see me until it's sorted", "get-a-consultation")]
    public void Search_R13FamiliesInNewWords_AnswersTheTip(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    // Round r13: trail against road shoes, an adjustment, weights at the gym and a shoe budget are not in the article.
    [Theory]
    [InlineData("are trail shoes or road shoes better for a bad back")]
    [InlineData("does it hurt when you crack my back")]
    [InlineData("is lifting weights at the gym ok with back pain")]
    [InlineData("what price range should I budget for walking shoes")]
    public void Search_ShoeKindsAdjustmentsWeightsOrBudgets_SaysNoMatch(string question)
    {
        SearchAssert.NoMatch(_index, question);
    }

    // The article's own advice asked in the same words as the requests above is still answered.
    [Theory]
    [InlineData("should walking shoes be replaced every 300 to 500 miles", "replace-shoes")]
    [InlineData("will taking shorter steps slow my pace down", "shorter-steps")]
    [InlineData("should i set up an appointment so someone can find the source of my back pain", "get-a-consultation")]
    [InlineData("is a treadmill kinder to my back than the road", "softer-surfaces")]
    public void Search_ArticleAdviceInTheWordsOfThoseRequests_StillAnswers(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }
}
