using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace BackPainBot.Bot;

/// <summary>
/// The configured <see cref="BotFrameworkAuthentication"/>, with the Bot Connector and user-token clients a turn is
/// handed made once per bot identity (and service URL and audience) and reused by later turns, instead of made anew for
/// every turn. Authentication, validation and the making of each client are the configured one's; only the made
/// clients are kept.
/// </summary>
/// <remarks>
/// <para>
/// Making a client is most of a turn's cost that is not the bot's own (Microsoft.Rest's user-agent reflection and
/// regexes, header parsing), and a turn delivered with <c>expectReplies</c> never uses it. A turn disposes the clients
/// it was handed when it ends; the reused ones ignore that and are disposed when the host stops.
/// </para>
/// <para>
/// The service URL comes from the incoming activity, so the number of kept clients is capped (least recently used go
/// first), and each is kept for at most <see cref="MaxAge"/>, as long as the pooled HTTP handler it holds is meant to
/// live. A client dropped from the cache is not disposed, since a turn may still be using it: its HTTP handler belongs
/// to the host's <see cref="IHttpClientFactory"/>, and the rest is garbage once no turn holds it.
/// </para>
/// </remarks>
public sealed class ReusingBotFrameworkAuthentication : BotFrameworkAuthentication, IDisposable
{
    /// <summary>Most connector clients kept: a bot talks to a handful of channel service URLs.</summary>
    public const int MaxConnectorClients = 64;

    /// <summary>Most user-token clients kept: one per bot identity, and this host has one or two.</summary>
    public const int MaxUserTokenClients = 8;

    /// <summary>How long a client is reused; IHttpClientFactory's default handler lifetime.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(2);

    private readonly BotFrameworkAuthentication _configured;
    private readonly ClientCache<ConnectorKey, SharedConnectorClient> _connectors;
    private readonly ClientCache<string, SharedUserTokenClient> _userTokenClients;

    public ReusingBotFrameworkAuthentication(
        BotFrameworkAuthentication configured,
        TimeProvider clock,
        int maxConnectorClients = MaxConnectorClients,
        int maxUserTokenClients = MaxUserTokenClients)
    {
        _configured = configured;
        _connectors = new ClientCache<ConnectorKey, SharedConnectorClient>(maxConnectorClients, MaxAge, clock, c => c.Release());
        _userTokenClients = new ClientCache<string, SharedUserTokenClient>(maxUserTokenClients, MaxAge, clock, c => c.Release());
    }

    /// <summary>Connector clients kept now.</summary>
    public int ConnectorClientCount => _connectors.Count;

    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(
        Activity activity, string authHeader, CancellationToken cancellationToken) =>
        Reusing(await _configured.AuthenticateRequestAsync(activity, authHeader, cancellationToken));

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(
        string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        Reusing(await _configured.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken));

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new ReusingConnectorFactory(this, IdentityKey(claimsIdentity), _configured.CreateConnectorFactory(claimsIdentity));

    public override async Task<UserTokenClient> CreateUserTokenClientAsync(
        ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        await _userTokenClients.GetOrAddAsync(IdentityKey(claimsIdentity), async () =>
        {
            var made = await _configured.CreateUserTokenClientAsync(claimsIdentity, cancellationToken);
            return made is null ? null : new SharedUserTokenClient(made);
        }) ?? await _configured.CreateUserTokenClientAsync(claimsIdentity, cancellationToken);

    public override BotFrameworkClient CreateBotFrameworkClient() => _configured.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => _configured.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        _configured.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    /// <summary>Disposes the kept clients; the host's container calls this when it stops.</summary>
    public void Dispose()
    {
        _connectors.Dispose();
        _userTokenClients.Dispose();
    }

    /// <summary>
    /// Which bot a client is made for. The configured factories make credentials from the app id in these claims (the
    /// audience of a channel's token, the app id of the emulator's and of skills'), so identities that agree on all of
    /// them get the same credentials; any difference gets another client.
    /// </summary>
    internal static string IdentityKey(ClaimsIdentity claimsIdentity)
    {
        var key = "";
        foreach (var claim in claimsIdentity.Claims)
        {
            if (claim.Type is AuthenticationConstants.AudienceClaim or AuthenticationConstants.AppIdClaim or AuthenticationConstants.AuthorizedParty)
            {
                key += claim.Type + "=" + claim.Value + "\n";
            }
        }

        return key;
    }

    private AuthenticateRequestResult Reusing(AuthenticateRequestResult result) =>
        result.ConnectorFactory is null
            ? result
            : new AuthenticateRequestResult
            {
                ClaimsIdentity = result.ClaimsIdentity,
                Audience = result.Audience,
                CallerId = result.CallerId,
                ConnectorFactory = new ReusingConnectorFactory(this, IdentityKey(result.ClaimsIdentity), result.ConnectorFactory),
            };

    private readonly record struct ConnectorKey(string Identity, string ServiceUrl, string? Audience);

    /// <summary>The configured factory for one identity, asked only when no client is kept for the service URL and audience.</summary>
    private sealed class ReusingConnectorFactory(
        ReusingBotFrameworkAuthentication owner, string identity, ConnectorFactory configured) : ConnectorFactory
    {
        public override async Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken)
        {
            IConnectorClient? notShareable = null;
            var shared = await owner._connectors.GetOrAddAsync(new ConnectorKey(identity, serviceUrl, audience), async () =>
            {
                var made = await configured.CreateAsync(serviceUrl, audience, cancellationToken);
                if (made is ConnectorClient client)
                {
                    return new SharedConnectorClient(client);
                }

                notShareable = made;
                return null;
            });

            // A client of another kind than Bot Framework's own is the turn's alone, as before.
            return shared ?? notShareable ?? await configured.CreateAsync(serviceUrl, audience, cancellationToken);
        }
    }
}

/// <summary>
/// A <see cref="ConnectorClient"/> over the parts of one the configured factory made (its service URL, credentials and
/// HTTP client), which a turn's end does not dispose. It is a <see cref="ConnectorClient"/> so that TeamsInfo sends
/// through the same HTTP client, as it would through the one the turn would have been given.
/// </summary>
internal sealed class SharedConnectorClient : ConnectorClient
{
    private readonly ConnectorClient _made;
    private volatile bool _released;

    public SharedConnectorClient(ConnectorClient made)
        : base(made.BaseUri, made.Credentials, made.HttpClient, disposeHttpClient: false)
    {
        _made = made;

        // Microsoft.Rest names the client's type in the User-Agent; the wire keeps saying ConnectorClient, as before.
        var userAgent = made.HttpClient.DefaultRequestHeaders.UserAgent;
        foreach (var entry in userAgent.Where(e => e.Product?.Name == GetType().FullName).ToList())
        {
            userAgent.Remove(entry);
        }
    }

    /// <summary>Disposes this client and the one it was made from, which owns the HTTP client.</summary>
    public void Release()
    {
        _released = true;
        Dispose();
        _made.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        // A turn's end disposes the client it was handed; a shared one outlives the turn.
        if (_released)
        {
            base.Dispose(disposing);
        }
    }
}

/// <summary>A <see cref="UserTokenClient"/> that passes every call to the one the configured authentication made, and that a turn's end does not dispose.</summary>
internal sealed class SharedUserTokenClient(UserTokenClient made) : UserTokenClient
{
    private volatile bool _released;

    public override Task<TokenResponse> GetUserTokenAsync(
        string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
        made.GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

    public override Task<SignInResource> GetSignInResourceAsync(
        string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
        made.GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

    public override Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
        made.SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

    public override Task<TokenStatus[]> GetTokenStatusAsync(
        string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
        made.GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

    public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(
        string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
        made.GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

    public override Task<TokenResponse> ExchangeTokenAsync(
        string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
        made.ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

    public void Release()
    {
        _released = true;
        made.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (_released)
        {
            base.Dispose(disposing);
        }
    }
}

/// <summary>
/// At most <c>capacity</c> clients by key, least recently used dropped first, each for at most <c>maxAge</c>. A dropped
/// client is not disposed (a turn may still hold it); the ones kept are disposed with the cache.
/// </summary>
internal sealed class ClientCache<TKey, TClient>(int capacity, TimeSpan maxAge, TimeProvider clock, Action<TClient> dispose) : IDisposable
    where TKey : notnull
    where TClient : class
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _byRecentUse = new();
    private readonly Lock _lock = new();
    private bool _disposed;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The kept client for <paramref name="key"/>, or a new one from <paramref name="create"/>, kept from now on; null
    /// when <paramref name="create"/> gave none or the cache is disposed (the host is stopping: the caller makes a
    /// client of its own). Failures of <paramref name="create"/> are thrown and nothing is kept.
    /// </summary>
    public async Task<TClient?> GetOrAddAsync(TKey key, Func<Task<TClient?>> create)
    {
        lock (_lock)
        {
            if (TryGetFresh(key) is { } kept)
            {
                return kept;
            }
        }

        var made = await create();
        if (made is null)
        {
            return null;
        }

        TClient? raced = null;
        var keep = false;
        lock (_lock)
        {
            if (TryGetFresh(key) is { } kept)
            {
                raced = kept;
            }
            else if (!_disposed)
            {
                keep = true;
                _entries[key] = _byRecentUse.AddFirst(new Entry(key, made, clock.GetUtcNow()));
                while (_entries.Count > capacity)
                {
                    var oldest = _byRecentUse.Last!;
                    _byRecentUse.RemoveLast();
                    _entries.Remove(oldest.Value.Key);
                }
            }
        }

        if (!keep)
        {
            // Another turn made one for the same key meanwhile, or the host is stopping; ours was never handed out.
            dispose(made);
        }

        return keep ? made : raced;
    }

    public void Dispose()
    {
        List<Entry> kept;
        lock (_lock)
        {
            _disposed = true;
            kept = [.. _byRecentUse];
            _byRecentUse.Clear();
            _entries.Clear();
        }

        foreach (var entry in kept)
        {
            dispose(entry.Client);
        }
    }

    private TClient? TryGetFresh(TKey key)
    {
        if (!_entries.TryGetValue(key, out var node))
        {
            return null;
        }

        if (clock.GetUtcNow() - node.Value.Made >= maxAge)
        {
            _byRecentUse.Remove(node);
            _entries.Remove(key);
            return null;
        }

        _byRecentUse.Remove(node);
        _byRecentUse.AddFirst(node);
        return node.Value.Client;
    }

    private sealed record Entry(TKey Key, TClient Client, DateTimeOffset Made);
}
