using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackPainBot.Tests;

/// <summary>A real Kestrel server on a free port of 127.0.0.1, for the services the host calls out to.</summary>
internal static class LoopbackServer
{
    /// <summary>Starts an app with the routes <paramref name="map"/> adds; returns it and its address (<c>http://127.0.0.1:PORT</c>).</summary>
    public static async Task<(WebApplication App, string Address)> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, address.TrimEnd('/'));
    }
}
