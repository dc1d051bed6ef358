using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using BackPainBot.Teams;

namespace BackPainBot.Tests.Teams;

/// <summary>Each broken variant of the shipped package fails with the Teams rule it breaks, at the right place.</summary>
public sealed class TeamsManifestValidatorTests
{
    [Theory]
    [InlineData("id", "not-a-guid", ManifestRules.Guid)]
    [InlineData("id", null, ManifestRules.Required)]
    [InlineData("bots[0].botId", "28:bot-name", ManifestRules.Guid)]
    [InlineData("bots[0].botId", "", ManifestRules.Required)]
    [InlineData("version", "1.0", ManifestRules.SemVer)]
    [InlineData("version", "v1.0.0", ManifestRules.SemVer)]
    [InlineData("manifestVersion", "1.16", ManifestRules.Schema, "$schema")]
    [InlineData("manifestVersion", "latest", ManifestRules.Schema)]
    [InlineData("$schema", null, ManifestRules.Required)]
    [InlineData("name.short", "x*31", ManifestRules.MaxLength)]
    [InlineData("name.short", null, ManifestRules.Required)]
    [InlineData("name.full", "x*101", ManifestRules.MaxLength)]
    [InlineData("description.short", "x*81", ManifestRules.MaxLength)]
    [InlineData("description.full", "x*4001", ManifestRules.MaxLength)]
    [InlineData("description.full", null, ManifestRules.Required)]
    [InlineData("developer.name", "x*33", ManifestRules.MaxLength)]
    [InlineData("accentColor", "#12345", ManifestRules.AccentColor)]
    [InlineData("accentColor", "teal", ManifestRules.AccentColor)]
    [InlineData("developer.websiteUrl", "not a url", ManifestRules.HttpsUrl)]
    [InlineData("developer.privacyUrl", "http://www.painandinjuryclinic.com/privacy-policy/", ManifestRules.HttpsUrl)]
    [InlineData("developer.termsOfUseUrl", null, ManifestRules.Required)]
    [InlineData("validDomains[0]", "https://www.painandinjuryclinic.com/", ManifestRules.ValidDomain)]
    [InlineData("bots[0].scopes[0]", "everyone", ManifestRules.BotScopes, "bots[0].scopes")]
    [InlineData("bots[0].commandLists[0].commands[0].title", "x*33", ManifestRules.MaxLength)]
    [InlineData("icons.outline", "missing.png", ManifestRules.IconFile, "missing.png")]
    [InlineData("icons.color", null, ManifestRules.Required)]
    public void ValidatePackage_BrokenManifestField_FailsWithTheRuleAtThatField(string path, string? value, string rule, string? reportedAt = null)
    {
        var package = WithManifest(m => Set(m, path, value));

        var problem = Assert.Single(TeamsManifestValidator.ValidatePackage(package));

        Assert.Equal((rule, reportedAt ?? path), (problem.Rule, problem.Path));
    }

    [Fact]
    public void ValidatePackage_NoBotScopes_FailsWithBotScopes()
    {
        var package = WithManifest(m => m["bots"]![0]!["scopes"] = new JsonArray());

        var problem = Assert.Single(TeamsManifestValidator.ValidatePackage(package));

        Assert.Equal((ManifestRules.BotScopes, "bots[0].scopes"), (problem.Rule, problem.Path));
    }

    [Theory]
    [InlineData("color.png", 96)]
    [InlineData("outline.png", 48)]
    public void ValidatePackage_IconOfTheWrongSize_FailsWithIconSize(string icon, int size)
    {
        var package = WithFile(icon, WhiteSquareOnTransparent(size));

        var problem = Assert.Single(TeamsManifestValidator.ValidatePackage(package));

        Assert.Equal((ManifestRules.IconSize, icon), (problem.Rule, problem.Path));
        Assert.Contains($"{size}x{size}", problem.Message);
    }

    [Fact]
    public void ValidatePackage_IconThatIsNotAPng_FailsWithIconPng()
    {
        var package = WithFile("color.png", Encoding.ASCII.GetBytes("GIF89a not really an image"));

        var problem = Assert.Single(TeamsManifestValidator.ValidatePackage(package));

        Assert.Equal((ManifestRules.IconPng, "color.png"), (problem.Rule, problem.Path));
    }

    [Fact]
    public void ValidatePackage_OpaqueOutlineIcon_FailsWithOutlineTransparency()
    {
        var opaque = Enumerable.Repeat((byte)255, 32 * 32 * 4).ToArray();

        var problems = TeamsManifestValidator.ValidatePackage(WithFile("outline.png", PngImage.EncodeRgba(32, 32, opaque)));

        Assert.Equal(ManifestRules.OutlineTransparency, Assert.Single(problems).Rule);
    }

    [Fact]
    public void ValidatePackage_OutlineIconWithoutAlphaChannel_FailsWithOutlineTransparency()
    {
        var problems = TeamsManifestValidator.ValidatePackage(WithFile("outline.png", File.ReadAllBytes(TeamsTestSettings.DataFile("gradient.png"))));

        Assert.Equal(ManifestRules.OutlineTransparency, Assert.Single(problems).Rule);
    }

    [Fact]
    public void ValidatePackage_ColouredOutlineIcon_FailsWithOutlineWhite()
    {
        var problems = TeamsManifestValidator.ValidatePackage(WithFile("outline.png", File.ReadAllBytes(TeamsTestSettings.DataFile("outline-teal.png"))));

        Assert.Equal((ManifestRules.OutlineWhite, "outline.png"), (Assert.Single(problems).Rule, problems[0].Path));
    }

    [Fact]
    public void ValidatePackage_WhiteOnTransparentOutlineFromAnotherEncoder_Passes()
    {
        var problems = TeamsManifestValidator.ValidatePackage(WithFile("outline.png", File.ReadAllBytes(TeamsTestSettings.DataFile("outline-white.png"))));

        Assert.Empty(problems);
    }

    [Fact]
    public void ValidatePackage_FilesInsideAFolder_FailsWithPackageRoot()
    {
        var package = Zip(("app/manifest.json", TeamsPackageTests.Entry(TeamsTestSettings.ShippedPackage(), "manifest.json")));

        var problems = TeamsManifestValidator.ValidatePackage(package);

        Assert.All(problems, p => Assert.Equal(ManifestRules.PackageRoot, p.Rule));
        Assert.Contains(problems, p => p.Path == "app/manifest.json");
        Assert.Contains(problems, p => p.Path == "manifest.json");
    }

    [Fact]
    public void ValidatePackage_NotAZip_FailsWithPackageRoot()
    {
        var problem = Assert.Single(TeamsManifestValidator.ValidatePackage(Encoding.ASCII.GetBytes("manifest")));

        Assert.Equal(ManifestRules.PackageRoot, problem.Rule);
    }

    [Fact]
    public void ValidatePackage_ManifestNotJson_FailsWithManifestJson()
    {
        var problem = Assert.Single(TeamsManifestValidator.ValidatePackage(WithFile("manifest.json", Encoding.UTF8.GetBytes("{ \"id\": "))));

        Assert.Equal((ManifestRules.ManifestJson, "manifest.json"), (problem.Rule, problem.Path));
    }

    [Fact]
    public void ProblemToString_NamesFieldMessageAndRule()
    {
        var problem = Assert.Single(TeamsManifestValidator.ValidatePackage(WithManifest(m => Set(m, "accentColor", "teal"))));

        Assert.Equal("accentColor: 'teal' must be a colour as #RRGGBB, e.g. #1B6F8A [accent-color]", problem.ToString());
    }

    /// <summary>The shipped package with its manifest changed.</summary>
    private static byte[] WithManifest(Action<JsonObject> change)
    {
        var shipped = TeamsTestSettings.ShippedPackage();
        var manifest = JsonNode.Parse(TeamsPackageTests.Entry(shipped, "manifest.json"))!.AsObject();
        change(manifest);
        return WithFile("manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
    }

    /// <summary>The shipped package with one file replaced.</summary>
    private static byte[] WithFile(string name, byte[] content)
    {
        var shipped = TeamsTestSettings.ShippedPackage();
        var files = new[] { "manifest.json", "color.png", "outline.png" }
            .Select(f => (f, f == name ? content : TeamsPackageTests.Entry(shipped, f)))
            .ToArray();
        return Zip(files);
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A white square on a transparent border: a valid outline icon but for its size.</summary>
    private static byte[] WhiteSquareOnTransparent(int size)
    {
        var rgba = new byte[size * size * 4];
        for (var y = size / 4; y < size * 3 / 4; y++)
        {
            rgba.AsSpan((y * size + size / 4) * 4, size / 2 * 4).Fill(255);
        }

        return PngImage.EncodeRgba(size, size, rgba);
    }

    /// <summary>Sets (or with null removes) the value at a dotted path; "x*31" stands for 31 x's.</summary>
    private static void Set(JsonObject manifest, string path, string? value)
    {
        if (value is not null && value.StartsWith("x*", StringComparison.Ordinal))
        {
            value = new string('x', int.Parse(value[2..], System.Globalization.CultureInfo.InvariantCulture));
        }

        var parts = path.Split('.');
        JsonNode node = manifest;
        foreach (var part in parts[..^1])
        {
            node = Child(node, part);
        }

        var last = parts[^1];
        var bracket = last.IndexOf('[');
        if (bracket >= 0)
        {
            var array = node[last[..bracket]]!.AsArray();
            array[int.Parse(last[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else if (value is null)
        {
            node.AsObject().Remove(last);
        }
        else
        {
            node[last] = value;
        }
    }

    private static JsonNode Child(JsonNode node, string part)
    {
        var bracket = part.IndexOf('[');
        return bracket < 0
            ? node[part]!
            : node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
    }
}
