using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace BackPainBot.Teams;

/// <summary>A PNG's header facts, and its pixels as RGBA when they are 8-bit and not interlaced.</summary>
/// <param name="Width">Width in pixels, from IHDR.</param>
/// <param name="Height">Height in pixels, from IHDR.</param>
/// <param name="ColorType">IHDR colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA.</param>
/// <param name="HasTransparencyChunk">Whether a tRNS chunk gives transparency to a type without an alpha channel.</param>
/// <param name="Rgba">Pixels, 4 bytes each, row by row; null for formats this reader does not decode.</param>
internal sealed record PngImage(int Width, int Height, int ColorType, bool HasTransparencyChunk, byte[]? Rgba)
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <summary>Whether the format can carry transparent pixels at all.</summary>
    public bool CanBeTransparent => ColorType is 4 or 6 || HasTransparencyChunk;

    /// <summary>Reads a PNG's chunks; null when the bytes are not a PNG with an IHDR chunk.</summary>
    public static PngImage? Read(byte[] bytes)
    {
        if (bytes.Length < Signature.Length + 25 || !bytes.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            return null;
        }

        int width = 0, height = 0, bitDepth = 0, colorType = -1, interlace = 0;
        var transparency = false;
        using var data = new MemoryStream();
        var position = Signature.Length;
        while (position + 12 <= bytes.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position));
            if (length < 0 || position + 12 + length > bytes.Length)
            {
                return null;
            }

            var type = Encoding.ASCII.GetString(bytes, position + 4, 4);
            var body = bytes.AsSpan(position + 8, length);
            switch (type)
            {
                case "IHDR" when length >= 13:
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(body);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                    bitDepth = body[8];
                    colorType = body[9];
                    interlace = body[12];
                    break;
                case "tRNS":
                    transparency = true;
                    break;
                case "IDAT":
                    data.Write(body);
                    break;
            }

            position += 12 + length;
            if (type == "IEND")
            {
                break;
            }
        }

        if (colorType < 0 || width <= 0 || height <= 0)
        {
            return null;
        }

        var rgba = bitDepth == 8 && interlace == 0 ? Decode(data.ToArray(), width, height, colorType) : null;
        return new PngImage(width, height, colorType, transparency, rgba);
    }

    /// <summary>Encodes RGBA pixels (4 bytes each, row by row) as an 8-bit RGBA PNG.</summary>
    public static byte[] EncodeRgba(int width, int height, byte[] rgba)
    {
        var stride = width * 4;
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(rgba, y * stride, stride);
            }
        }

        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8;
        header[9] = 6;

        using var png = new MemoryStream();
        png.Write(Signature);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", raw.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[]? Decode(byte[] compressed, int width, int height, int colorType)
    {
        var channels = colorType switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => 0 };
        if (channels == 0 || (long)width * height > 4096 * 4096)
        {
            return null;
        }

        var stride = width * channels;
        var filtered = new byte[(stride + 1) * height];
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            zlib.ReadExactly(filtered);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            return null;
        }

        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = filtered[y * (stride + 1)];
            var line = filtered.AsSpan(y * (stride + 1) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var above = y > 0 ? pixels.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (var i = 0; i < stride; i++)
            {
                int left = i >= channels ? row[i - channels] : 0;
                int up = above[i];
                int upLeft = i >= channels ? above[i - channels] : 0;
                row[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => 0,
                });
            }
        }

        var rgba = new byte[width * height * 4];
        for (var p = 0; p < width * height; p++)
        {
            var s = p * channels;
            (rgba[p * 4], rgba[p * 4 + 1], rgba[p * 4 + 2], rgba[p * 4 + 3]) = colorType switch
            {
                0 => (pixels[s], pixels[s], pixels[s], (byte)255),
                2 => (pixels[s], pixels[s + 1], pixels[s + 2], (byte)255),
                4 => (pixels[s], pixels[s], pixels[s], pixels[s + 1]),
                _ => (pixels[s], pixels[s + 1], pixels[s + 2], pixels[s + 3]),
            };
        }

        return rgba;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream png, string type, byte[] body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)body.Length);
        png.Write(word);
        var typeAndBody = Encoding.ASCII.GetBytes(type).Concat(body).ToArray();
        png.Write(typeAndBody);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc(typeAndBody));
        png.Write(word);
    }

    private static uint Crc(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
