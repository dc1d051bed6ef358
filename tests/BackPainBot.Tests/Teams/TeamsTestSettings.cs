using BackPainBot.Teams;
using BackPainBot.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace BackPainBot.Tests.Teams;

/// <summary>
/// The services the <c>teams-package</c> command reads, from the repository's own appsettings.json plus overrides,
/// without starting a web host.
/// </summary>
internal static class TeamsTestSettings
{
    /// <summary>A bot id for tests: the Azure Bot's Microsoft App ID is a GUID.</summary>
    public const string BotId = "3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    public static string RepoRoot { get; } = BackPainBot.Testing.RepoRoot.Find();

    public static ServiceProvider Services(params (string Key, string? Value)[] overrides)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoRoot, "appsettings.json"))
            .AddInMemoryCollection(overrides.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = RepoRoot, EnvironmentName = "Test" });
        services.AddOptions<ClinicOptions>().Bind(configuration.GetSection(ClinicOptions.SectionName));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ClinicOptions>>().Value);
        services.AddTeams(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>The shipped Teams settings.</summary>
    public static TeamsAppOptions App()
    {
        using var services = Services();
        return services.GetRequiredService<IOptions<TeamsAppOptions>>().Value;
    }

    private static readonly Lazy<byte[]> Shipped = new(() => TeamsPackage.Build(App(), new ClinicOptions(), BotId, RepoRoot));

    /// <summary>The package built from the shipped settings for <see cref="BotId"/> (a copy: tests may change it).</summary>
    public static byte[] ShippedPackage() => [.. Shipped.Value];

    public static string DataFile(string name) => Path.Combine(RepoRoot, "tests", "BackPainBot.Tests", "Teams", "Data", name);
}
