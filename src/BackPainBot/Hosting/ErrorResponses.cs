using System.Globalization;
using BackPainBot.DirectLine;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BackPainBot.Hosting;

/// <summary>
/// Which exceptions mean "the database cannot be used right now" rather than a fault in the code: the one place that
/// decides, for the 503 answer and the log.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>How long a client is asked to wait (Retry-After) when the database is out.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    // SQLite's primary result codes that mean the file cannot be used now: busy, locked, read-only, I/O error, disk full,
    // cannot open. A constraint or a syntax error is a bug, not an outage.
    private static readonly HashSet<int> SqliteOutageCodes = [5, 6, 8, 10, 13, 14];

    /// <summary>True when <paramref name="exception"/>, or one it wraps, is a database outage.</summary>
    public static bool IsOutage(Exception exception) => Describe(exception) is not null;

    /// <summary>A short label for logs (exception type and error code, never its message), or null when it is no outage.</summary>
    public static string? Describe(Exception exception)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        for (var seen = 0; pending.Count > 0 && seen < 16; seen++)
        {
            var current = pending.Pop();
            switch (current)
            {
                case PostgresException postgres when IsPostgresOutage(postgres):
                    return $"{nameof(PostgresException)} {postgres.SqlState}";
                case PostgresException:
                    // The server answered: a constraint, a syntax error or a permission is not an outage.
                    break;
                case NpgsqlException npgsql:
                    // Raised by the client: the connection failed, broke or timed out, or the pool ran dry.
                    return npgsql.InnerException is { } inner ? $"{nameof(NpgsqlException)} ({inner.GetType().Name})" : nameof(NpgsqlException);
                case SqliteException sqlite when SqliteOutageCodes.Contains(sqlite.SqliteErrorCode & 0xFF):
                    return $"{nameof(SqliteException)} {sqlite.SqliteErrorCode}";
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return null;
    }

    // Connection exceptions (08), insufficient resources (53: disk full, out of memory, too many connections), operator
    // intervention (57P: shutting down, starting up), and whatever else Npgsql itself calls transient.
    private static bool IsPostgresOutage(PostgresException postgres) =>
        postgres.IsTransient
        || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
        || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
        || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal);
}

/// <summary>The host's own error answers: a short reason, in the shape the endpoint's clients read.</summary>
internal static class ErrorResponses
{
    /// <summary>
    /// Writes <c>{"error":{"code","message"}}</c> under <c>/v3/directline</c> (Direct Line's shape, which Web Chat
    /// reads) and <c>{"error":"message"}</c> elsewhere, with the status code already set.
    /// </summary>
    public static Task WriteAsync(HttpContext context, string code, string message, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        return context.Request.Path.StartsWithSegments(DirectLineEndpoints.BasePath, StringComparison.OrdinalIgnoreCase)
            ? context.Response.WriteAsJsonAsync(new { error = new { code, message } }, cancellationToken)
            : context.Response.WriteAsJsonAsync(new { error = message }, cancellationToken);
    }
}

/// <summary>
/// The outermost middleware: turns what escaped an endpoint into a short answer with no stack trace and no exception
/// message (which could quote a patient). A database outage is 503 with Retry-After; a request Kestrel rejected while it
/// was being read (body too large, client too slow) keeps its status; anything else is 500. Logs carry the exception's
/// type, code and stack, never its message.
/// </summary>
internal sealed class ErrorResponseMiddleware(RequestDelegate next, BackPainBotMetrics metrics, ILogger<ErrorResponseMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception exception) when (context.Response.HasStarted)
        {
            // Too late for a status code: the client sees the connection end. Logged here, so the server's own log
            // line, which would carry the exception's message, is never written.
            logger.LogError(
                "{ErrorType} after the answer had started ({Endpoint}); connection closed\n{StackTrace}",
                exception.GetType().FullName, EndpointKinds.Of(context.Request.Path), exception.StackTrace);
            context.Abort();
        }
        catch (Exception exception)
        {
            await AnswerAsync(context, exception);
        }
    }

    private async Task AnswerAsync(HttpContext context, Exception exception)
    {
        context.Response.Clear();
        var endpoint = EndpointKinds.Of(context.Request.Path);
        if (DatabaseOutage.Describe(exception) is { } outage)
        {
            metrics.DatabaseUnavailable(endpoint);
            logger.LogWarning("Database unavailable during a {Endpoint} request: {Outage}; answered 503", endpoint, outage);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = DatabaseOutage.RetryAfter.TotalSeconds.ToString(CultureInfo.InvariantCulture);
            await ErrorResponses.WriteAsync(
                context, "ServiceUnavailable", "The service is briefly unavailable. Please try again in a few seconds.", context.RequestAborted);
            return;
        }

        if (exception is BadHttpRequestException badRequest)
        {
            context.Response.StatusCode = badRequest.StatusCode;
            var (code, message) = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ("MessageSizeTooBig", "The request body is too large.")
                : ("BadArgument", "The request could not be read.");
            await ErrorResponses.WriteAsync(context, code, message, context.RequestAborted);
            return;
        }

        logger.LogError(
            "Unhandled {ErrorType} during a {Endpoint} request; answered 500\n{StackTrace}",
            exception.GetType().FullName, endpoint, exception.StackTrace);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await ErrorResponses.WriteAsync(context, "InternalError", "Something went wrong. Please try again.", context.RequestAborted);
    }
}
