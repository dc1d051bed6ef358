using BackPainBot.Knowledge.Tests.Support;

namespace BackPainBot.Knowledge.Tests;

/// <summary>
/// How a question's words are weighed once it is read whole: a long story around a question still gets its answer, a
/// short question about something else is still refused, "is X linked to back pain" is about X, and what a partner,
/// friend or class teacher said is the story, not the topic, a topic the articles do not cover that is only mentioned in
/// the story (medication, the kids, a hip that is fine) does not refuse the question, and in "should I get checked before
/// I buy new shoes" the later step (the shoes) is the occasion, not the question.
/// </summary>
public sealed class QuestionWeightingTests(ShippedKnowledge knowledge) : IClassFixture<ShippedKnowledge>
{
    private readonly KnowledgeIndex _index = knowledge.Index;

    [Theory]
    [InlineData("so over the winter i put on a fair bit of extra weight, takeaways and no gym, and now my lower back aches on my evening strolls, could the weight be doing it", "healthy-weight")]
    [InlineData("every lunch break i do laps of the business park on the tarmac with a colleague and afterwards my back is sore, could the hard ground be to blame", "softer-surfaces")]
    public void Search_LongStoryAroundAQuestion_AnswersIt(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("plumber, kneeling and walking all day, how would my ankles have anything to do with my sore lower back", "why-ankles-cause-back-pain")]
    [InlineData("put on a few kilos over the holidays and now my back hurts when i walk", "healthy-weight")]
    [InlineData("my jeans wont do up anymore and my back aches, is that connected", "healthy-weight")]
    [InlineData("lower back niggle at bootcamp, do i push through it", "stop-and-seek-care")]
    [InlineData("my lower back went twang during squash, finish the match or not", "stop-and-seek-care")]
    public void Search_StoryAroundTheBackAndAClinicWord_AnswersIt(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("is pizza bad for back pain")]
    [InlineData("my back aches after sitting in the car on a long drive to my mums")]
    public void Search_StoryAroundTheBackWithNoOtherClinicWord_SaysNoMatch(string question)
    {
        SearchAssert.NoMatch(_index, question);
    }

    [Theory]
    [InlineData("since going on new tablets i've put on about 7 kilos and my lower back aches on my walks, is the weight to blame", "healthy-weight")]
    [InlineData("i drop the kids at school then walk home along the concrete footpath and my lower back gets sore, is it the hard ground", "softer-surfaces")]
    [InlineData("my hips are fine, it's my lower back that hurts after my runs on the tarmac, is the surface the problem", "softer-surfaces")]
    [InlineData("my daughter reckons i thud down on my heels, is that why my back aches", "area-of-impact")]
    public void Search_TopicTheArticleDoesNotCoverOnlyInTheStory_AnswersTheQuestion(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("my barre instructor always says pull your navel in, is that good for walking with back pain", "engage-core")]
    [InlineData("can you explain like im five why shorter steps help my back", "shorter-steps")]
    public void Search_AsideOrATeachersCue_AnswersTheQuestionInside(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("honestly how does a bad ankle end up making your lower back ache", "why-ankles-cause-back-pain")]
    [InlineData("my husband says i take enormous strides, is that why my back hurts", "shorter-steps")]
    [InlineData("my partner keeps saying i take giant strides, could that be it", "shorter-steps")]
    [InlineData("i power walk on the footpaths near work, could that be bad for my back", "softer-surfaces")]
    [InlineData("which part of my foot should come down first", "area-of-impact")]
    [InlineData("is paying more for running shoes worth it for my back", "replace-shoes")]
    public void Search_CasualQuestionInPatientsWords_AnswersIt(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("do stilettos hurt your lower back")]
    [InlineData("would flip flops mess up my gait")]
    [InlineData("are nsaids good for an aching back")]
    [InlineData("do muscle relaxants help when my back aches after a run")]
    public void Search_FootwearKindOrMedicineTheArticleDoesNotDiscuss_SaysNoMatch(string question)
    {
        Assert.Equal(SearchDecision.NoMatch, _index.Search(question).Decision);
    }

    [Theory]
    [InlineData("how do i train my puppy to walk on a lead")]
    [InlineData("what time does the gym open")]
    public void Search_ShortQuestionAboutSomethingElse_SaysNoMatch(string question)
    {
        Assert.Equal(SearchDecision.NoMatch, _index.Search(question).Decision);
    }

    [Theory]
    [InlineData("is being overweight linked to back pain?", "healthy-weight")]
    [InlineData("weight and lower back ache, any connection?", "healthy-weight")]
    [InlineData("is there a connection between my feet and my lower back", "why-ankles-cause-back-pain")]
    public void Search_AskingWhetherSomethingIsLinked_AnswersAboutThatThing(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("should i get my feet checked before i buy new trainers", "get-a-consultation")]
    [InlineData("before i swap my shoes should i get assessed", "get-a-consultation")]
    [InlineData("how many miles before i should replace my shoes", "replace-shoes")]
    public void Search_FirstStepBeforeALaterOne_AnswersTheFirstStep(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("i land on the front of my foot when i run, is that bad for my back", "area-of-impact")]
    [InlineData("should i let my belly hang loose when i jog", "engage-core")]
    public void Search_FootOrBellyToldIndirectly_AnswersIt(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    [Theory]
    [InlineData("list every way to avoid back pain from my ankles")]
    [InlineData("give me every tip to protect my back")]
    [InlineData("what are the walking mechanics, list them all")]
    [InlineData("checklist of walking mechanics pls")]
    [InlineData("can i get a list of the walking form tips")]
    public void Search_EveryWayOrEveryTip_ListsTheTips(string question)
    {
        Assert.Equal(SearchDecision.List, _index.Search(question).Decision);
    }

    // Round r9: a story clause that only says the body is fine is not the topic ("legs" is a keyword of two tips), unless
    // the question refers back to it.
    [Theory]
    [InlineData("my legs feel normal and I can pee fine, which surface is best to run on?", "softer-surfaces")]
    [InlineData("both legs are normal and toilet is normal, which ground is kindest to run on", "softer-surfaces")]
    [InlineData("my feet and ankles are fine, they don't hurt at all, so why would they be the cause of my back pain", "why-ankles-cause-back-pain")]
    public void Search_BodySaidToBeFineInTheStory_AnswersTheQuestion(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    // Round r9: what to do when the back starts hurting partway through a walk or a run is whether to stop.
    [Theory]
    [InlineData("what do i do if my back starts to hurt while jogging", "stop-and-seek-care")]
    [InlineData("my mum carries on with her walks even when her back hurts, what should i tell her", "stop-and-seek-care")]
    public void Search_WhatToDoWhenItHurtsDuringAWalk_AnswersStopping(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    // Round r9: muscle gained is weight gained, even told beside heavy lifting (a topic the article does not cover).
    [Theory]
    [InlineData("can putting on muscle change the way i walk? i lift heavy at the gym", "healthy-weight")]
    public void Search_MuscleGain_AnswersHealthyWeight(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    // Round r9: patients' words for worn shoes, a child's landing, and finding the source after nothing worked.
    [Theory]
    [InlineData("how often should trainers get swapped out? my brother runs in his until they fall apart", "replace-shoes")]
    [InlineData("my kid runs on her toes everywhere, could that cause back trouble for her later?", "area-of-impact")]
    [InlineData("I've tried random stuff for my back for a year and nothing works. should I get someone to find the actual source first?", "get-a-consultation")]
    public void Search_StoryInPatientsWords_AnswersTheTip(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }

    // Round r9: "back pain that comes from my ankles" restates the article's topic; the question is who treats it or when
    // to see them. Asked on its own, where the pain comes from is still why ankles matter.
    [Theory]
    [InlineData("when do i need a chiropractor for back pain that comes from my ankles", "stop-and-seek-care")]
    [InlineData("whos the right person to treat back pain that comes from my ankles", "stop-and-seek-care")]
    [InlineData("is my lower back pain coming from my ankles?", "why-ankles-cause-back-pain")]
    public void Search_TopicRestatedAroundWhoTreatsIt_AnswersTheCare(string question, string expectedId)
    {
        SearchAssert.Answers(_index, question, expectedId);
    }
}
