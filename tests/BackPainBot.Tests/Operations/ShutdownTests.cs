using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using BackPainBot.DirectLine;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BackPainBot.Tests.Operations;

/// <summary>Stopping the host (what SIGTERM does) on Kestrel, with a turn still running.</summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void ShutdownTimeout_Setting_BecomesTheHostsGracePeriod()
    {
        using var host = new OperationsFactory(new Dictionary<string, string?> { ["Operations:ShutdownTimeout"] = "00:00:45" });

        Assert.Equal(TimeSpan.FromSeconds(45), host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task Stop_WhileAMessagesTurnIsInFlight_TheTurnFinishesAndItsReplyArrives()
    {
        var bot = new SlowBot();
        using var host = new OperationsFactory(testServices: services => services.AddTransient<IBot>(_ => bot));
        host.UseKestrel(0);
        host.StartServer();
        var client = host.CreateClient();

        var turn = client.PostAsJsonAsync("/api/messages", Activities.Message("conv-" + Guid.NewGuid(), "hello"));
        await bot.Entered.Task.WaitAsync(Patience);
        var stopped = StopAsync(host);
        await WaitUntilStoppingAsync(host);
        bot.Release.SetResult();
        var response = await turn.WaitAsync(Patience);
        await stopped.WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(SlowBot.Reply, await response.Content.ReadAsStringAsync());
        Assert.True(bot.Finished);
    }

    [Fact]
    public async Task Stop_WhileADirectLineTurnIsInFlight_TheTurnFinishesAndItsReplyIsKept()
    {
        var bot = new SlowBot();
        using var host = new OperationsFactory(
            new Dictionary<string, string?> { ["DirectLine:TokenSecret"] = "test-direct-line-secret-0123456789abcdef" },
            services => services.AddTransient<IBot>(_ => bot));
        host.UseKestrel(0);
        host.StartServer();
        var client = host.CreateClient();
        var token = JsonNode.Parse(await (await client.PostAsync("/v3/directline/tokens/generate", null)).Content.ReadAsStringAsync())!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token["token"]!.GetValue<string>());
        var conversation = token["conversationId"]!.GetValue<string>();
        bot.Release.SetResult();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/v3/directline/conversations", null)).StatusCode);
        bot.Reset();

        var store = host.Services.GetRequiredService<IDirectLineStore>();
        var turn = client.PostAsync(
            $"/v3/directline/conversations/{conversation}/activities",
            new StringContent("{\"type\":\"message\",\"from\":{\"id\":\"patient\"},\"text\":\"hello\"}", Encoding.UTF8, "application/json"));
        await bot.Entered.Task.WaitAsync(Patience);
        var stopped = StopAsync(host);
        await WaitUntilStoppingAsync(host);
        bot.Release.SetResult();
        var response = await turn.WaitAsync(Patience);
        await stopped.WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(bot.Finished);
        var history = await store.ReadAsync(conversation, null, 100, CancellationToken.None);
        Assert.Contains(history!.Activities, a => a.Contains(SlowBot.Reply, StringComparison.Ordinal));
    }

    private static Task StopAsync(OperationsFactory host) =>
        Task.Run(() => host.Services.GetRequiredService<IHost>().StopAsync());

    private static async Task WaitUntilStoppingAsync(OperationsFactory host)
    {
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var wait = new TaskCompletionSource();
        using var registration = stopping.Register(() => wait.TrySetResult());
        await wait.Task.WaitAsync(Patience);

        // Kestrel stops listening after ApplicationStopping fires; give it a moment to be draining, not starting.
        await Task.Delay(200);
    }

    /// <summary>A bot whose turn waits until the test releases it, then replies.</summary>
    private sealed class SlowBot : IBot
    {
        public const string Reply = "the slow turn's reply";

        public TaskCompletionSource Entered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Finished { get; private set; }

        public void Reset()
        {
            Entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Finished = false;
        }

        public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await Release.Task;
            await turnContext.SendActivityAsync(Reply, cancellationToken: cancellationToken);
            Finished = true;
        }
    }
}
