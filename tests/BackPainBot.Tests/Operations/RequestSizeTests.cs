using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace BackPainBot.Tests.Operations;

public sealed class RequestSizeTests
{
    [Fact]
    public async Task StaffSignIn_BodyOverTheLimit_Returns413()
    {
        using var host = new OperationsFactory();
        var content = new StringContent("{\"userName\":\"" + new string('a', 100_000) + "\"}", Encoding.UTF8, "application/json");
        content.Headers.Add("X-Staff-Request", "1");

        var response = await host.CreateClient().PostAsync("/staff/api/signin", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DirectLineTokenEndpoint_BodyOverTheLimit_Returns413InDirectLineShape()
    {
        using var host = new OperationsFactory();

        var response = await host.CreateClient().PostAsync(
            "/v3/directline/tokens/generate", new StringContent(new string('x', 200_000), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("MessageSizeTooBig", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownPath_BodyOverTheLimit_Returns413()
    {
        using var host = new OperationsFactory();
        var content = new ByteArrayContent(new byte[100_000]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        var response = await host.CreateClient().PostAsync("/no/such/place", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
