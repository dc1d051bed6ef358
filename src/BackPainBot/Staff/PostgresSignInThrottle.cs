using BackPainBot.Handoffs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackPainBot.Staff;

/// <summary>
/// The <c>postgres</c> provider's sign-in throttle: failures are rows in the shared database (table
/// <c>staff_sign_in_failures</c>), so every instance counts the same attempts and a client cannot multiply its guesses by
/// spreading them over instances. Rows older than the window are deleted as new failures are recorded. A check costs
/// one round trip; a failure, one.
/// </summary>
public sealed class PostgresSignInThrottle(PostgresDatabase database, IOptions<StaffOptions> options, TimeProvider clock)
    : ISignInThrottle
{
    /// <inheritdoc />
    public async Task<(bool Blocked, TimeSpan RetryAfter)> CheckAsync(
        string userName, string address, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var since = now - settings.SignInWindow;

        // For each key: the failure that must leave the window before one more attempt is allowed (the limit-th most
        // recent), if there are that many.
        await using var command = database.DataSource.CreateCommand("""
            SELECT (SELECT failed_at FROM staff_sign_in_failures
                    WHERE key = $1 AND failed_at > $3 ORDER BY failed_at DESC OFFSET $4 - 1 LIMIT 1),
                   (SELECT failed_at FROM staff_sign_in_failures
                    WHERE key = $2 AND failed_at > $3 ORDER BY failed_at DESC OFFSET $5 - 1 LIMIT 1);
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SignInThrottleKeys.User(userName) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SignInThrottleKeys.Address(address) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = since });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = settings.MaxFailedSignInsPerUser });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = settings.MaxFailedSignInsPerAddress });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var retryAfter = TimeSpan.Zero;
        for (var column = 0; column < 2; column++)
        {
            if (!reader.IsDBNull(column))
            {
                var wait = reader.GetFieldValue<DateTimeOffset>(column) + settings.SignInWindow - now;
                retryAfter = wait > retryAfter ? wait : retryAfter;
            }
        }

        return (retryAfter > TimeSpan.Zero, retryAfter);
    }

    /// <inheritdoc />
    public async Task RecordFailureAsync(string userName, string address, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var user = SignInThrottleKeys.User(userName);
        var ip = SignInThrottleKeys.Address(address);
        await using var batch = database.DataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM staff_sign_in_failures WHERE key IN ($1, $2) AND failed_at <= $3")
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = user },
                new NpgsqlParameter<string> { TypedValue = ip },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = now - options.Value.SignInWindow },
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO staff_sign_in_failures (key, failed_at) VALUES ($1, $3), ($2, $3)")
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = user },
                new NpgsqlParameter<string> { TypedValue = ip },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = now },
            },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task RecordSuccessAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("DELETE FROM staff_sign_in_failures WHERE key = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SignInThrottleKeys.User(userName) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
