using BackPainBot.Bot;
using BackPainBot.Hosting;
using BackPainBot.Knowledge;
using BackPainBot.Staff;
using BackPainBot.Triage;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = ContentRoot.Resolve(args),
});

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MessagesEndpoint.MaxBodyBytes);

builder.Services
    .AddClinic(builder.Configuration)
    .AddKnowledge(builder.Configuration)
    .AddTriage(builder.Configuration)
    .AddHandoffs(builder.Configuration)
    .AddBackPainBot()
    .AddStaffApi(builder.Configuration);

var app = builder.Build();

// Load the index and the rules now: a bad knowledge folder or rule file stops start-up with its message,
// instead of failing on the first patient.
app.Services.GetRequiredService<IKnowledgeSearch>();
app.Services.GetRequiredService<ITriageEngine>();
app.Services.GetRequiredService<IEntityExtractor>();

app.UseAuthentication();
app.UseAuthorization();

app.MapBotMessages();
app.MapStaffApi();
app.MapHealthChecks("/healthz");

app.Run();

/// <summary>The host's entry point; public so HTTP tests can start it with WebApplicationFactory.</summary>
public partial class Program;
