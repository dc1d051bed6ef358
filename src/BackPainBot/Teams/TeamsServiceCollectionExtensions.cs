using Microsoft.Extensions.Options;

namespace BackPainBot.Teams;

/// <summary>Registers the Teams app's settings.</summary>
public static class TeamsServiceCollectionExtensions
{
    /// <summary>The <c>Teams</c> section, validated at start-up, and the bot's <c>MicrosoftAppId</c>.</summary>
    public static IServiceCollection AddTeams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TeamsAppOptions>()
            .Bind(configuration.GetSection(TeamsAppOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsAppOptions>, TeamsAppOptionsValidator>();

        // The root keys, as the Bot Framework's own authentication reads them.
        services.AddOptions<BotRegistrationOptions>().Bind(configuration);
        return services;
    }
}
