using BackPainBot.Bot;
using BackPainBot.Cli;
using BackPainBot.DirectLine;
using BackPainBot.Hosting;
using BackPainBot.Knowledge;
using BackPainBot.Notifications;
using BackPainBot.Staff;
using BackPainBot.Teams;
using BackPainBot.Triage;

var isCommand = Commands.IsCommand(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    // A command's words are not settings: "ask what is x=y" must not set x.
    Args = isCommand ? [] : args,
    ContentRootPath = ContentRoot.Resolve(args),
});

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MessagesEndpoint.MaxBodyBytes);

builder.Services
    .AddClinic(builder.Configuration)
    .AddKnowledge(builder.Configuration)
    .AddTriage(builder.Configuration)
    .AddHandoffs(builder.Configuration)
    .AddNotifications(builder.Configuration)
    .AddBackPainBot()
    .AddTeams(builder.Configuration)
    .AddStaffApi(builder.Configuration)
    .AddStaffConsole(builder.Configuration, builder.Environment)
    .AddDirectLine(builder.Configuration)
    .AddOperations(builder.Configuration);

if (isCommand)
{
    // Commands read settings but need none of the web host's services started.
    builder.Logging.ClearProviders();
    using var commandHost = builder.Build();
    return Commands.Run(args, commandHost.Services, Console.Out);
}

var app = builder.Build();

// Load the index and the rules now: a bad knowledge folder or rule file stops start-up with its message,
// instead of failing on the first patient.
app.Services.GetRequiredService<IKnowledgeSearch>();
app.Services.GetRequiredService<ITriageEngine>();
app.Services.GetRequiredService<IEntityExtractor>();

app.UseOperations();
app.UseWebChatPage();
app.UseDirectLine();
app.UseAuthentication();
app.UseAuthorization();

app.MapBotMessages();
app.MapStaffApi();
app.MapStaffConsole();
app.MapDirectLine();
app.MapOperations();

app.Run();
return 0;

/// <summary>The host's entry point; public so HTTP tests can start it with WebApplicationFactory.</summary>
public partial class Program;
