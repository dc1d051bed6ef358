using BackPainBot.Notifications;

namespace BackPainBot.Tests.Notifications;

public sealed class NotificationsOptionsTests
{
    private const string GoodSecret = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new NotificationsOptionsValidator().Validate(null, new NotificationsOptions()).Succeeded);
    }

    [Fact]
    public void Validate_WellConfiguredWebhooksAndChannel_Succeeds()
    {
        var options = new NotificationsOptions
        {
            HandoffLinkTemplate = "https://bot.example.com/staff/handoffs/{id}",
            Webhooks =
            [
                new() { Name = "crm", Url = "https://crm.example.com/hooks/handoffs", Secret = GoodSecret, Trusted = true },
                new() { Name = "teams-front-desk", Url = "https://example.webhook.office.com/x", Format = "teams", MinimumLevel = "urgent" },
                new() { Name = "local", Url = "http://127.0.0.1:5055/hook", Secret = GoodSecret },
            ],
            StaffChannel = new() { Enabled = true, TeamId = "19:abc@thread.tacv2" },
        };

        var result = new NotificationsOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("Url", "http://crm.example.com/hook", "Notifications:Webhooks:0:Url")]
    [InlineData("Url", "not a url", "Notifications:Webhooks:0:Url")]
    [InlineData("Secret", "too-short", "Notifications:Webhooks:0:Secret")]
    [InlineData("Secret", "", "Notifications:Webhooks:0:Secret")]
    [InlineData("Name", "CRM system", "Notifications:Webhooks:0:Name")]
    [InlineData("Format", "xml", "Notifications:Webhooks:0:Format")]
    [InlineData("MinimumLevel", "critical", "Notifications:Webhooks:0:MinimumLevel")]
    public void Validate_BadWebhookSetting_FailsNamingIt(string property, string value, string expectedSetting)
    {
        var webhook = new WebhookOptions { Name = "crm", Url = "https://crm.example.com/hook", Secret = GoodSecret };
        typeof(WebhookOptions).GetProperty(property)!.SetValue(webhook, value);

        var result = new NotificationsOptionsValidator().Validate(null, new NotificationsOptions { Webhooks = [webhook] });

        Assert.True(result.Failed);
        Assert.Contains(expectedSetting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoDestinationsWithOneName_Fails()
    {
        var options = new NotificationsOptions
        {
            Webhooks = [new() { Name = "staff-channel", Url = "https://a.example.com", Secret = GoodSecret }],
            StaffChannel = new() { Enabled = true, TeamId = "19:abc@thread.tacv2" },
        };

        Assert.Contains("used by another destination", new NotificationsOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeaseShorterThanTwoRequestTimeouts_Fails()
    {
        var options = new NotificationsOptions { RequestTimeout = TimeSpan.FromSeconds(30), LeaseDuration = TimeSpan.FromSeconds(45) };

        Assert.Contains("Notifications:LeaseDuration", new NotificationsOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StaffChannelWithNoTeamAndNoUsers_Fails()
    {
        var options = new NotificationsOptions { StaffChannel = new() { Enabled = true } };

        Assert.Contains("Notifications:StaffChannel", new NotificationsOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://bot.example.com/staff")]
    [InlineData("/staff/{id}")]
    public void Validate_LinkTemplateWithoutIdOrNotAbsolute_Fails(string template)
    {
        var options = new NotificationsOptions { HandoffLinkTemplate = template };

        Assert.Contains("HandoffLinkTemplate", new NotificationsOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }
}
