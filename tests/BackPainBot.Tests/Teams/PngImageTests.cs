using BackPainBot.Teams;

namespace BackPainBot.Tests.Teams;

public sealed class PngImageTests
{
    [Fact]
    public void EncodeRgbaThenRead_RandomPixels_RoundTrips()
    {
        var pixels = new byte[7 * 5 * 4];
        new Random(42).NextBytes(pixels);

        var png = PngImage.Read(PngImage.EncodeRgba(7, 5, pixels))!;

        Assert.Equal((7, 5, 6), (png.Width, png.Height, png.ColorType));
        Assert.Equal(pixels, png.Rgba);
    }

    /// <summary>
    /// A gradient screenshot from Chromium, whose encoder filters rows with Sub, Up and Paeth; the expected pixels were
    /// decoded by a separate implementation.
    /// </summary>
    [Theory]
    [InlineData(0, 0, 3, 0, 3)]
    [InlineData(31, 0, 242, 0, 4)]
    [InlineData(0, 31, 0, 0, 251)]
    [InlineData(31, 31, 4, 0, 251)]
    [InlineData(16, 16, 62, 0, 131)]
    [InlineData(5, 5, 35, 0, 44)]
    public void Read_FilteredRgbImageFromAnotherEncoder_DecodesThePixels(int x, int y, byte red, byte green, byte blue)
    {
        var png = PngImage.Read(File.ReadAllBytes(TeamsTestSettings.DataFile("gradient.png")))!;

        var p = (y * png.Width + x) * 4;
        Assert.Equal([red, green, blue, 255], png.Rgba![p..(p + 4)]);
    }

    [Fact]
    public void Read_RgbImage_CannotBeTransparent()
    {
        var png = PngImage.Read(File.ReadAllBytes(TeamsTestSettings.DataFile("gradient.png")))!;

        Assert.False(png.CanBeTransparent);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Read_NotAPng_ReturnsNull(byte[] bytes)
    {
        Assert.Null(PngImage.Read(bytes));
    }
}
