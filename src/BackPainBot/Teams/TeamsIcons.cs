using System.Globalization;

namespace BackPainBot.Teams;

/// <summary>
/// The app's built-in icons, drawn at packaging: a spine of five vertebrae, white on the accent colour (color icon)
/// or white on transparent (outline icon), at the sizes Teams requires. A clinic can use its own logo instead
/// (<see cref="TeamsAppOptions.ColorIcon"/>, <see cref="TeamsAppOptions.OutlineIcon"/>).
/// </summary>
internal static class TeamsIcons
{
    /// <summary>Teams' color icon size in pixels (square).</summary>
    public const int ColorSize = 192;

    /// <summary>Teams' outline icon size in pixels (square).</summary>
    public const int OutlineSize = 32;

    /// <summary>Samples per pixel side, for smooth edges.</summary>
    private const int Supersampling = 4;

    /// <summary>
    /// Five vertebrae, top to bottom along a gentle lumbar curve, each a body and its transverse processes: rounded
    /// rectangles as (centre x, centre y, width, height, corner radius) in a unit square.
    /// </summary>
    private static readonly (double X, double Y, double Width, double Height, double Radius)[] Shapes =
    [
        .. Vertebra(0.44, 0.08), .. Vertebra(0.50, 0.29), .. Vertebra(0.55, 0.50), .. Vertebra(0.55, 0.71), .. Vertebra(0.49, 0.92),
    ];

    /// <summary>The color icon: the white symbol on a full square of <paramref name="accentColor"/> (#RRGGBB).</summary>
    public static byte[] Color(string accentColor)
    {
        var red = byte.Parse(accentColor.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var green = byte.Parse(accentColor.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var blue = byte.Parse(accentColor.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

        // Teams' guidance: the symbol sits in the middle of the color icon, the background fills the rest.
        var rgba = Draw(ColorSize, margin: 0.22, (coverage, pixel) =>
        {
            pixel[0] = Blend(red, coverage);
            pixel[1] = Blend(green, coverage);
            pixel[2] = Blend(blue, coverage);
            pixel[3] = 255;
        });
        return PngImage.EncodeRgba(ColorSize, ColorSize, rgba);
    }

    /// <summary>The outline icon: the symbol in white, everything else transparent.</summary>
    public static byte[] Outline()
    {
        var rgba = Draw(OutlineSize, margin: 0.03, (coverage, pixel) =>
        {
            pixel[0] = pixel[1] = pixel[2] = 255;
            pixel[3] = (byte)Math.Round(coverage * 255);
        });
        return PngImage.EncodeRgba(OutlineSize, OutlineSize, rgba);
    }

    private static byte Blend(byte background, double whiteCoverage) =>
        (byte)Math.Round(background + (255 - background) * whiteCoverage);

    private delegate void PixelWriter(double coverage, Span<byte> pixel);

    private static byte[] Draw(int size, double margin, PixelWriter write)
    {
        var rgba = new byte[size * size * 4];
        var scale = 1 - 2 * margin;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var inside = 0;
                var (centreU, centreV) = (((x + 0.5) / size - margin) / scale, ((y + 0.5) / size - margin) / scale);
                if (centreU is < -0.1 or > 1.1 || centreV is < -0.1 or > 1.1)
                {
                    // Well outside the symbol: no sample can land in it.
                    write(0, rgba.AsSpan((y * size + x) * 4, 4));
                    continue;
                }

                for (var sy = 0; sy < Supersampling; sy++)
                {
                    for (var sx = 0; sx < Supersampling; sx++)
                    {
                        var u = ((x + (sx + 0.5) / Supersampling) / size - margin) / scale;
                        var v = ((y + (sy + 0.5) / Supersampling) / size - margin) / scale;
                        inside += InSymbol(u, v) ? 1 : 0;
                    }
                }

                write((double)inside / (Supersampling * Supersampling), rgba.AsSpan((y * size + x) * 4, 4));
            }
        }

        return rgba;
    }

    private static (double, double, double, double, double)[] Vertebra(double x, double y) =>
        [(x, y, 0.42, 0.16, 0.06), (x, y, 0.80, 0.08, 0.04)];

    private static bool InSymbol(double u, double v)
    {
        foreach (var s in Shapes)
        {
            if (InRoundedRectangle(u - s.X, v - s.Y, s.Width / 2, s.Height / 2, s.Radius))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InRoundedRectangle(double dx, double dy, double halfWidth, double halfHeight, double radius)
    {
        var outX = Math.Max(Math.Abs(dx) - (halfWidth - radius), 0);
        var outY = Math.Max(Math.Abs(dy) - (halfHeight - radius), 0);
        return Math.Abs(dx) <= halfWidth && Math.Abs(dy) <= halfHeight && outX * outX + outY * outY <= radius * radius;
    }
}
