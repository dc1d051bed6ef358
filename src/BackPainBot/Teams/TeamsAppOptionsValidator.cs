using BackPainBot.Triage;
using Microsoft.Extensions.Options;

namespace BackPainBot.Teams;

/// <summary>
/// Checks the <c>Teams</c> settings at start-up with the manifest's own rules, so a bad setting stops the host (or the
/// <c>teams-package</c> command) with a message naming the setting, not the manifest field.
/// </summary>
internal sealed class TeamsAppOptionsValidator(IOptions<ClinicOptions> clinic, IHostEnvironment environment)
    : IValidateOptions<TeamsAppOptions>
{
    /// <summary>Stands in for MicrosoftAppId, which only the package command needs.</summary>
    private const string PlaceholderBotId = "00000000-0000-0000-0000-000000000000";

    public ValidateOptionsResult Validate(string? name, TeamsAppOptions options)
    {
        var manifest = TeamsManifest.Build(options, clinic.Value, PlaceholderBotId);
        var failures = TeamsManifestValidator.ValidateManifest(manifest)
            .Select(p => $"{Setting(p.Path, options)} {p.Message}")
            .ToList();

        foreach (var (setting, path) in new[] { ("ColorIcon", options.ColorIcon), ("OutlineIcon", options.OutlineIcon) })
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(Path.Combine(environment.ContentRootPath, path)))
            {
                failures.Add($"{TeamsAppOptions.SectionName}:{setting} '{path}' does not exist (paths are relative to the content root).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The setting behind a manifest field.</summary>
    private static string Setting(string path, TeamsAppOptions options)
    {
        var key = path switch
        {
            "id" => nameof(TeamsAppOptions.AppId),
            "version" => nameof(TeamsAppOptions.Version),
            "developer.name" when string.IsNullOrWhiteSpace(options.DeveloperName) => null,
            "developer.name" => nameof(TeamsAppOptions.DeveloperName),
            "developer.websiteUrl" => nameof(TeamsAppOptions.WebsiteUrl),
            "developer.privacyUrl" => nameof(TeamsAppOptions.PrivacyUrl),
            "developer.termsOfUseUrl" => nameof(TeamsAppOptions.TermsOfUseUrl),
            "name.short" => nameof(TeamsAppOptions.ShortName),
            "name.full" => nameof(TeamsAppOptions.FullName),
            "description.short" => nameof(TeamsAppOptions.ShortDescription),
            "description.full" => nameof(TeamsAppOptions.FullDescription),
            "accentColor" => nameof(TeamsAppOptions.AccentColor),
            _ when path.StartsWith("validDomains[", StringComparison.Ordinal) =>
                $"{nameof(TeamsAppOptions.ValidDomains)}:{path["validDomains[".Length..^1]}",
            _ => path,
        };
        return key is null ? $"{ClinicOptions.SectionName}:Name (the Teams developer name)" : $"{TeamsAppOptions.SectionName}:{key}";
    }
}
