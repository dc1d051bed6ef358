using System.Globalization;
using BackPainBot.Knowledge;
using BackPainBot.Staff;
using BackPainBot.Triage;
using BackPainBot.Triage.Learned;
using Microsoft.Extensions.Options;

namespace BackPainBot.Cli;

/// <summary>
/// Staff and operator commands, run instead of the web host:
/// <c>dotnet run --project src/BackPainBot -- ask "question"</c>, <c>eval</c>, <c>eval-triage</c>, <c>validate</c>,
/// <c>teams-package</c>.
/// They read the same settings and knowledge folder as the bot.
/// </summary>
public static class Commands
{
    private static readonly string[] Names =
        ["ask", "eval", "eval-triage", "validate", "staff", "purge", "retention", Teams.TeamsPackageCommand.Name];

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && Names.Contains(args[0], StringComparer.Ordinal);

    /// <summary>Runs the command in <paramref name="args"/>[0]; returns the process exit code.</summary>
    /// <param name="input">Where <c>staff add</c> and <c>staff passwd</c> read the password; the console when null.</param>
    public static int Run(string[] args, IServiceProvider services, TextWriter output, TextReader? input = null)
    {
        var environment = services.GetRequiredService<IHostEnvironment>();
        var knowledgeOptions = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
        var triageOptions = services.GetRequiredService<IOptions<TriageOptions>>().Value;
        var knowledgePath = Path.GetFullPath(Path.Combine(environment.ContentRootPath, knowledgeOptions.Path));
        var rulesPath = Path.GetFullPath(Path.Combine(environment.ContentRootPath, triageOptions.RulesPath));
        var examplesPath = Path.GetFullPath(Path.Combine(environment.ContentRootPath, triageOptions.SecondOpinion.ExamplesPath));
        var rest = args.Skip(1).ToArray();

        return args[0] switch
        {
            Teams.TeamsPackageCommand.Name => Teams.TeamsPackageCommand.Run(rest, services, output),
            "ask" => Ask(rest, knowledgePath, knowledgeOptions, LoadTriage(rulesPath, examplesPath, triageOptions.SecondOpinion), output),
            "eval" => Evaluate(rest, knowledgePath, knowledgeOptions, environment.ContentRootPath, output),
            "eval-triage" => EvaluateTriage(rest, rulesPath, examplesPath, triageOptions.SecondOpinion, environment.ContentRootPath, output),
            "staff" => StaffCommands.RunStaff(rest, services, input ?? Console.In, output),
            "purge" => StaffCommands.RunPurge(services, output),
            "retention" when rest is ["purge"] => StaffCommands.RunPurge(services, output),
            "retention" => Usage(output, "usage: retention purge"),
            _ => Validate(knowledgePath, rulesPath, examplesPath, triageOptions.SecondOpinion.Enabled, output),
        };
    }

    private static int Usage(TextWriter output, string usage)
    {
        output.WriteLine(usage);
        return 2;
    }

    /// <summary>The engine as the bot runs it: with the second opinion when its setting is on.</summary>
    private static TriageEngine LoadTriage(string rulesPath, string examplesPath, SecondOpinionOptions secondOpinion) =>
        secondOpinion.Enabled ? TriageEngine.Load(rulesPath, examplesPath, secondOpinion) : TriageEngine.Load(rulesPath);

    private static int Ask(string[] args, string knowledgePath, KnowledgeOptions options, TriageEngine engine, TextWriter output)
    {
        if (args.Length == 0)
        {
            output.WriteLine("usage: ask \"question\"");
            return 2;
        }

        var question = string.Join(' ', args);
        var triage = engine.Assess(question);
        output.WriteLine($"triage: {triage.Level.ToString().ToLowerInvariant()}" +
            (triage.Flags.Count > 0 ? $" ({string.Join(", ", triage.Flags.Select(Describe))})" : ""));
        if (triage.Flags.Count > 0)
        {
            output.WriteLine("  the bot answers red flags with care advice, not tips; search shown for reference");
        }

        using var index = KnowledgeIndex.Load(knowledgePath, options);
        var result = index.Search(question, maxHits: 5);
        output.WriteLine($"decision: {result.Decision} (threshold {result.Threshold.ToString("0.00", CultureInfo.InvariantCulture)})");
        foreach (var hit in result.Hits)
        {
            var selected = result.Selected.Any(s => s.Section.Id == hit.Section.Id) ? "*" : " ";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{selected} {hit.Score:0.000}  {hit.Section.Id,-28} {hit.Section.Title}"));
            output.WriteLine($"         why: {hit.Why}");
        }

        if (result.Hits.Count == 0)
        {
            output.WriteLine("  no section matched");
        }

        var opinion = index.Opinion(question);
        if (opinion.Count > 0)
        {
            output.WriteLine(result.SecondOpinion ?? "second opinion: left the search's decision alone");
            output.WriteLine("  model: " + string.Join(", ", opinion.Take(4).Select(o =>
                string.Create(CultureInfo.InvariantCulture, $"{(o.SectionId == "-" ? "refuse" : o.SectionId)} {o.Probability:0.00}"))));
        }

        return 0;
    }

    private static string Describe(RedFlagMatch flag) =>
        flag.ModelScore is { } score
            ? string.Create(CultureInfo.InvariantCulture, $"{flag.Code}/{flag.Context}, second opinion {score:0.00}")
            : $"{flag.Code}/{flag.Context}";

    private static int Evaluate(string[] args, string knowledgePath, KnowledgeOptions options, string root, TextWriter output)
    {
        var sweep = args.Contains("--sweep-second-opinion", StringComparer.Ordinal);
        args = args.Where(a => a != "--sweep-second-opinion").ToArray();
        var path = args.Length > 0 ? args[0] : Path.Combine(root, "tests", "BackPainBot.Knowledge.Tests", "Data", "questions.tsv");
        if (!File.Exists(path))
        {
            return Usage(output, $"no such file: {path}\nusage: eval [--sweep-second-opinion] [questions.tsv]");
        }

        using var index = KnowledgeIndex.Load(knowledgePath, options);
        output.WriteLine(sweep
            ? KnowledgeEvaluation.SweepSecondOpinion(index, LabelledQuestion.LoadTsv(path))
            : KnowledgeEvaluation.Evaluate(index, LabelledQuestion.LoadTsv(path)).Format());
        return 0;
    }

    /// <summary>
    /// <c>eval-triage [--rules-only] [triage-eval.tsv]</c>: the engine as the bot runs it, or the rules alone with
    /// <c>--rules-only</c>. While the second opinion's setting is on, rows whose message is also a training example are
    /// reported apart from the rest under "SPLIT, trained on" (with <c>--rules-only</c> too, so before and after are read
    /// on the same rows): the model has seen them, so with it they measure nothing.
    /// </summary>
    private static int EvaluateTriage(string[] args, string rulesPath, string examplesPath, SecondOpinionOptions secondOpinion, string root, TextWriter output)
    {
        const string usage = "usage: eval-triage [--rules-only] [triage-eval.tsv]";
        var rulesOnly = args.Contains("--rules-only", StringComparer.Ordinal);
        var files = args.Where(a => a != "--rules-only").ToArray();
        var path = files.Length > 0 ? files[0] : Path.Combine(root, "tests", "BackPainBot.Triage.Tests", "Data", "triage-eval.tsv");
        if (!File.Exists(path))
        {
            return Usage(output, $"no such file: {path}\n{usage}");
        }

        var rows = TriageEvaluation.LoadTsv(path);
        if (!secondOpinion.Enabled)
        {
            output.WriteLine("rules only (Triage:SecondOpinion:Enabled is off)");
            output.WriteLine(TriageEvaluation.Format(new TriageEvaluation(TriageEngine.Load(rulesPath)).Run(rows)));
            return 0;
        }

        var rules = TriageRules.Load(rulesPath);
        var trained = TriageExamples.Load(examplesPath, rules.Rules).Select(e => e.Message).ToHashSet(StringComparer.Ordinal);
        var marked = rows.Select(r => trained.Contains(r.Message) ? r with { Split = $"{r.Split}, trained on" } : r).ToList();
        TriageEngine engine;
        if (rulesOnly)
        {
            engine = new TriageEngine(rules);
            output.WriteLine($"rules only (--rules-only); rows that are examples of {examplesPath} are reported apart");
        }
        else
        {
            engine = new TriageEngine(rules, secondOpinion: SecondOpinion.Load(rules, examplesPath, secondOpinion));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rules with the second opinion: trained on {engine.SecondOpinion!.ExampleCount} examples of {examplesPath} in {engine.SecondOpinion.TrainingTime.TotalMilliseconds:0} ms"));
        }

        output.WriteLine(TriageEvaluation.Format(new TriageEvaluation(engine).Run(marked)));
        return 0;
    }

    private static int Validate(string knowledgePath, string rulesPath, string examplesPath, bool secondOpinion, TextWriter output)
    {
        var problems = KnowledgeValidator.Validate(knowledgePath).Concat(TriageRules.Validate(rulesPath)).ToList();
        // The examples name rule codes, so they are checked against valid rules only; without the second opinion a
        // clinic may have no examples file.
        if (problems.Count == 0 && (secondOpinion || File.Exists(examplesPath)))
        {
            problems.AddRange(TriageExamples.Validate(examplesPath, TriageRules.Load(rulesPath).Rules));
        }

        foreach (var problem in problems)
        {
            output.WriteLine(problem);
        }

        output.WriteLine(problems.Count == 0 ? "knowledge and red-flag rules are valid" : $"{problems.Count} problem(s)");
        return problems.Count == 0 ? 0 : 1;
    }
}
