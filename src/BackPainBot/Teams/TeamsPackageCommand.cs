using BackPainBot.Triage;
using Microsoft.Extensions.Options;

namespace BackPainBot.Teams;

/// <summary>
/// <c>dotnet run --project src/BackPainBot -- teams-package [--output path]</c>: writes the Teams app package for this
/// bot, after checking it against the Teams rules. Nothing is written when a rule is broken.
/// </summary>
public static class TeamsPackageCommand
{
    public const string Name = "teams-package";

    /// <summary>Where the package goes without <c>--output</c>, relative to the current directory.</summary>
    public const string DefaultOutput = "backpainbot-teams.zip";

    /// <summary>Builds, checks and writes the package; returns the process exit code (0 written, 1 a problem, 2 usage).</summary>
    public static int Run(string[] args, IServiceProvider services, TextWriter output)
    {
        if (ParseOutput(args) is not { } outputPath)
        {
            output.WriteLine($"usage: {Name} [--output path]   (default: {DefaultOutput})");
            return 2;
        }

        TeamsAppOptions app;
        try
        {
            app = services.GetRequiredService<IOptions<TeamsAppOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                output.WriteLine(failure);
            }

            output.WriteLine("Teams app package not written: fix the settings above (appsettings.json, section Teams).");
            return 1;
        }

        var botId = services.GetRequiredService<IOptions<BotRegistrationOptions>>().Value.MicrosoftAppId.Trim();
        if (!Guid.TryParseExact(botId, "D", out _))
        {
            output.WriteLine(botId.Length == 0
                ? "MicrosoftAppId is not set. The Teams package needs the Azure Bot's Microsoft App ID, a GUID:"
                : $"MicrosoftAppId '{botId}' is not a GUID. The Teams package needs the Azure Bot's Microsoft App ID:");
            output.WriteLine("set MicrosoftAppId in appsettings.json or the environment (MicrosoftAppId=...) and run again.");
            return 1;
        }

        var contentRoot = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        var package = TeamsPackage.Build(app, services.GetRequiredService<ClinicOptions>(), botId, contentRoot);
        var problems = TeamsManifestValidator.ValidatePackage(package);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                output.WriteLine(problem);
            }

            output.WriteLine($"Teams app package not written: {problems.Count} problem(s).");
            return 1;
        }

        var path = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, package);
        output.WriteLine($"Teams app package written: {path}");
        output.WriteLine($"  app {app.ShortName} {app.Version} (id {app.AppId}), bot {botId}");
        return 0;
    }

    private static string? ParseOutput(string[] args) => args switch
    {
        [] => DefaultOutput,
        ["--output" or "-o", var path] when !string.IsNullOrWhiteSpace(path) => path,
        _ => null,
    };
}
