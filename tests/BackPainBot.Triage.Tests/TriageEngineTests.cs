using BackPainBot.Triage.Tests.Support;

namespace BackPainBot.Triage.Tests;

public sealed class TriageEngineTests
{
    [Fact]
    public void Assess_ManyThreadsAtOnce_GiveTheSameResultsAsOneThread()
    {
        string[] messages =
        [
            "numb between my legs", "no fever but my legs are weak", "my husband can't pee", "tips for stiffness",
            "what if I get numbness?", "I have osteoporosis and slipped", "I had numbness two years ago",
        ];
        var expected = messages.Select(Describe).ToArray();

        var mismatches = 0;
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            if (Describe(messages[i % messages.Length]) != expected[i % messages.Length])
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Rules_AfterLoad_ListsTheFileRules()
    {
        var engine = new TriageEngine(ClinicRules.Rules);

        Assert.Same(ClinicRules.Rules.Rules, engine.Rules);
    }

    [Fact]
    public void Assess_LongMessage_FindsTheRedFlagAtTheEnd()
    {
        var message = string.Concat(Enumerable.Repeat("My back hurts when I run on concrete. ", 200)) + "Also I peed myself.";

        Assert.Equal("bladder-dysfunction", Assert.Single(ClinicRules.Engine.Assess(message).Flags).Code);
    }

    private static string Describe(string message)
    {
        var result = ClinicRules.Engine.Assess(message);
        return string.Join(";", result.Flags.Select(f => $"{f.Code}/{f.Context}/{f.Start}/{f.Length}"))
            + "|" + string.Join(";", result.Suppressed.Select(s => $"{s.Code}/{s.Reason}/{s.Start}"));
    }
}
