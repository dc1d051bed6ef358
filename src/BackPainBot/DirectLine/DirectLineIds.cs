using System.Buffers.Text;
using System.Security.Cryptography;

namespace BackPainBot.DirectLine;

/// <summary>Random, unguessable ids: knowing one conversation's id tells nothing about another's.</summary>
internal static class DirectLineIds
{
    private const int RandomBytes = 16;

    public static string NewConversationId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    public static string NewUserId() => "dl_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));
}
