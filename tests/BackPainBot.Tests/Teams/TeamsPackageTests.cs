using System.IO.Compression;
using System.Text.Json.Nodes;
using BackPainBot.Teams;

namespace BackPainBot.Tests.Teams;

public sealed class TeamsPackageTests
{
    [Fact]
    public void Build_ShippedSettings_PassesEveryTeamsRule()
    {
        var problems = TeamsManifestValidator.ValidatePackage(TeamsTestSettings.ShippedPackage());

        Assert.Empty(problems);
    }

    [Fact]
    public void Build_ShippedSettings_HasExactlyTheManifestAndTwoIconsAtTheRoot()
    {
        using var zip = new ZipArchive(new MemoryStream(TeamsTestSettings.ShippedPackage()));

        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
    }

    [Theory]
    [InlineData("color.png", 192)]
    [InlineData("outline.png", 32)]
    public void Build_ShippedSettings_IconsHaveTheirRequiredSize(string icon, int size)
    {
        var png = PngImage.Read(Entry(TeamsTestSettings.ShippedPackage(), icon))!;

        Assert.Equal((size, size), (png.Width, png.Height));
    }

    [Fact]
    public void Build_BuiltInOutlineIcon_IsWhiteOnTransparent()
    {
        var pixels = PngImage.Read(Entry(TeamsTestSettings.ShippedPackage(), "outline.png"))!.Rgba!;

        var alphas = Enumerable.Range(0, pixels.Length / 4).Select(p => pixels[p * 4 + 3]).ToList();
        Assert.Contains((byte)0, alphas);
        Assert.Contains((byte)255, alphas);
        Assert.All(Enumerable.Range(0, pixels.Length), i => Assert.True(i % 4 == 3 || pixels[i] == 255));
    }

    [Fact]
    public void Build_BuiltInColorIcon_FillsTheBackgroundWithTheAccentColor()
    {
        var app = TeamsTestSettings.App();
        app.AccentColor = "#204080";

        var pixels = PngImage.Read(Entry(TeamsPackage.Build(app, new(), TeamsTestSettings.BotId, TeamsTestSettings.RepoRoot), "color.png"))!.Rgba!;

        Assert.Equal([0x20, 0x40, 0x80, 0xFF], pixels[..4]);
    }

    [Fact]
    public void Build_ShippedSettings_ManifestCarriesTheSettingsAndTheBotId()
    {
        var manifest = JsonNode.Parse(Entry(TeamsTestSettings.ShippedPackage(), "manifest.json"))!;

        Assert.Equal(TeamsManifest.SchemaUrl("1.17"), (string?)manifest["$schema"]);
        Assert.Equal(TeamsTestSettings.App().AppId, (string?)manifest["id"]);
        Assert.Equal(TeamsTestSettings.BotId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(["personal", "team", "groupChat"], manifest["bots"]![0]!["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.Equal("Pain and Injury Clinic of Utah", (string?)manifest["developer"]!["name"]);
    }

    [Fact]
    public void Build_SameSettingsTwice_GivesTheSameBytes()
    {
        var app = TeamsTestSettings.App();

        var first = TeamsPackage.Build(app, new(), TeamsTestSettings.BotId, TeamsTestSettings.RepoRoot);
        var second = TeamsPackage.Build(app, new(), TeamsTestSettings.BotId, TeamsTestSettings.RepoRoot);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Build_ClinicOutlineIcon_IsUsedInsteadOfTheBuiltInOne()
    {
        var app = TeamsTestSettings.App();
        app.OutlineIcon = Path.GetRelativePath(TeamsTestSettings.RepoRoot, TeamsTestSettings.DataFile("outline-white.png"));

        var package = TeamsPackage.Build(app, new(), TeamsTestSettings.BotId, TeamsTestSettings.RepoRoot);

        Assert.Equal(File.ReadAllBytes(TeamsTestSettings.DataFile("outline-white.png")), Entry(package, "outline.png"));
        Assert.Empty(TeamsManifestValidator.ValidatePackage(package));
    }

    internal static byte[] Entry(byte[] package, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(package));
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
