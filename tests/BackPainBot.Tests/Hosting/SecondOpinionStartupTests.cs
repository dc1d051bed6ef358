using BackPainBot.Triage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BackPainBot.Tests.Hosting;

public sealed class SecondOpinionStartupTests
{
    [Fact]
    public void Start_MalformedExamplesFile_StopsNamingTheFileAndLine()
    {
        var examples = Path.Combine(Path.GetTempPath(), $"triage-examples-{Guid.NewGuid():N}.tsv");
        File.WriteAllText(examples, "# examples\nemergency\treported\tno-such-code\tmy wee keeps sneaking out\n");
        try
        {
            using var factory = new BotFactory().WithWebHostBuilder(b => b.UseSetting("Triage:SecondOpinion:ExamplesPath", examples));

            var error = Assert.ThrowsAny<Exception>(() => factory.Services);

            var message = error.ToString();
            Assert.Contains(examples, message, StringComparison.Ordinal);
            Assert.Contains("line 2: unknown code 'no-such-code'", message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(examples);
        }
    }

    [Fact]
    public void Start_SecondOpinionOn_TriageRaisesAnEmergencyNoRuleHas()
    {
        using var factory = new BotFactory();

        var triage = factory.Services.GetRequiredService<ITriageEngine>();

        Assert.Equal(TriageLevel.Emergency, triage.Assess("my back is bad and my wee keeps sneaking out").Level);
    }
}
