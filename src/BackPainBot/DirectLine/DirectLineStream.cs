using System.Data.Common;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace BackPainBot.DirectLine;

/// <summary>
/// The WebSocket at a conversation's <c>streamUrl</c>: sends what the client has not seen yet, then every new
/// activity, each frame <c>{"activities":[...],"watermark":"N"}</c>. What the client sends is read and dropped
/// (directlinejs pings with empty messages). The socket closes when the conversation ends, when the host stops, and
/// after one token lifetime, so a client keeps streaming only while it holds a current token: it reconnects through
/// <c>GET conversations/{id}</c> with its refreshed one.
/// </summary>
internal static class DirectLineStream
{
    /// <summary>How often an open stream marks its conversation as in use and checks that it still exists.</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    public static async Task<IResult> HandleAsync(
        HttpContext http,
        string conversationId,
        string? t,
        string? watermark,
        DirectLineTokens tokens,
        IDirectLineStore store,
        IOptions<DirectLineOptions> options,
        IHostApplicationLifetime lifetime,
        ILoggerFactory loggers)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return DirectLineEndpoints.Error(StatusCodes.Status400BadRequest, "BadArgument", "The stream is a WebSocket.");
        }

        switch (tokens.Validate(t, TokenUse.Stream, out var grant))
        {
            case TokenStatus.Missing:
            case TokenStatus.Invalid:
                return DirectLineEndpoints.Unauthorized(http, "TokenInvalid", "The stream URL is not valid; get a new one from GET conversations/{id}.");
            case TokenStatus.Expired:
                // 403 like an expired conversation token (see DirectLineEndpoints.Authorize).
                return DirectLineEndpoints.Error(StatusCodes.Status403Forbidden, "TokenExpired", "The stream URL has expired; get a new one from GET conversations/{id}.");
        }

        if (!string.Equals(grant!.ConversationId, conversationId, StringComparison.Ordinal))
        {
            return DirectLineEndpoints.Error(StatusCodes.Status403Forbidden, "Forbidden", "The stream URL is for another conversation.");
        }

        if (!DirectLineEndpoints.TryParseWatermark(watermark, out var after))
        {
            return DirectLineEndpoints.BadWatermark();
        }

        if (await store.TouchAsync(conversationId, http.RequestAborted) is null)
        {
            return DirectLineEndpoints.ConversationNotFound();
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var open = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        open.CancelAfter(options.Value.TokenLifetime);
        var draining = DrainAsync(socket, open);
        try
        {
            await SendActivitiesAsync(socket, store, conversationId, after, open.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client left, the host is stopping, or the token lifetime is up: close below.
        }
        catch (DbException ex)
        {
            // The database is away: the client reconnects through GET conversations/{id}, as after any close.
            loggers.CreateLogger(typeof(DirectLineStream)).LogWarning("Direct Line stream closed, the store failed: {ErrorType}", ex.GetType().Name);
        }

        await CloseAsync(socket);
        await open.CancelAsync();
        await draining;
        return Results.Empty;
    }

    private static async Task SendActivitiesAsync(WebSocket socket, IDirectLineStore store, string conversationId, long? watermark, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await store.ReadAsync(conversationId, watermark, DirectLineEndpoints.MaxActivitiesPerResponse, cancellationToken);
            if (page is null)
            {
                return;
            }

            if (page.Activities.Count > 0)
            {
                var frame = Encoding.UTF8.GetBytes(DirectLineEndpoints.ActivitySetJson(page));
                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                watermark = page.Watermark;
                continue;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TouchInterval);
            try
            {
                if (!await store.WaitForActivitiesAsync(conversationId, watermark, wait.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A quiet conversation with a client still listening is in use; ReadAsync above marks it so.
            }
        }
    }

    /// <summary>Reads and drops what the client sends; cancels <paramref name="open"/> when the client closes.</summary>
    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource open)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, open.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closing anyway.
        }

        await open.CancelAsync();
    }

    private static async Task CloseAsync(WebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Reconnect through GET conversations/{id}.", timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client is gone already.
        }
    }
}
