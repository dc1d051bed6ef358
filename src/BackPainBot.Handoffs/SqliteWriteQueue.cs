using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs;

/// <summary>
/// Group commit for one SQLite database: writes queue up while the previous commit waits for the disk, and the next
/// commit writes them all in one transaction, each inside its own savepoint. Every caller still learns the outcome of
/// its own write only after the commit that made it durable, so "we've got it" is never said early; what changes is that
/// eight patients escalating at once wait for one disk flush instead of eight flushes in a row.
/// </summary>
/// <remarks>
/// A write that throws is rolled back to its savepoint and fails alone; the others in its group commit. A failed commit
/// fails every write of its group, and nothing of the group is stored.
/// </remarks>
internal sealed class SqliteWriteQueue : IDisposable
{
    /// <summary>Most writes committed together.</summary>
    internal const int MaxGroup = 64;

    private readonly Func<SqliteConnection> _open;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <param name="open">Opens a connection with the store's settings applied.</param>
    public SqliteWriteQueue(Func<SqliteConnection> open)
    {
        _open = open;
        _writer = Task.Run(WriteAllAsync);
    }

    /// <summary>Commits written by this queue so far; tests read it to see that writes were grouped.</summary>
    public int Commits { get; private set; }

    /// <summary>Runs <paramref name="write"/> in the next group commit and completes once it is durable.</summary>
    /// <exception cref="ObjectDisposedException">The store is closing.</exception>
    public Task ExecuteAsync(Action<SqliteConnection, SqliteTransaction> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite(write, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteHandoffStore), "The handoff store is closing.");
        }

        return pending.Done.Task;
    }

    /// <summary>Lets queued writes finish, then stops the writer.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(30));
    }

    private async Task WriteAllAsync()
    {
        var group = new List<PendingWrite>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var pending))
            {
                // A turn that gave up before its write began is not written at all.
                if (pending.Cancellation.IsCancellationRequested)
                {
                    pending.Done.TrySetCanceled(pending.Cancellation);
                }
                else
                {
                    group.Add(pending);
                }
            }

            if (group.Count > 0)
            {
                Commit(group);
            }
        }
    }

    private void Commit(List<PendingWrite> group)
    {
        var written = new List<PendingWrite>(group.Count);
        try
        {
            using var connection = _open();

            // IMMEDIATE takes the write lock up front, so another process writing makes this wait (busy_timeout) before
            // anything is written rather than failing halfway through.
            using var transaction = connection.BeginTransaction(deferred: false);
            for (var i = 0; i < group.Count; i++)
            {
                var savepoint = $"w{i}";
                transaction.Save(savepoint);
                try
                {
                    group[i].Write(connection, transaction);
                    transaction.Release(savepoint);
                    written.Add(group[i]);
                }
                catch (Exception ex)
                {
                    transaction.Rollback(savepoint);
                    transaction.Release(savepoint);
                    group[i].Done.TrySetException(ex);
                }
            }

            transaction.Commit();
            Commits++;
        }
        catch (Exception ex)
        {
            foreach (var pending in group)
            {
                pending.Done.TrySetException(ex);
            }

            return;
        }

        foreach (var pending in written)
        {
            pending.Done.TrySetResult();
        }
    }

    private sealed class PendingWrite(Action<SqliteConnection, SqliteTransaction> write, CancellationToken cancellation)
    {
        public Action<SqliteConnection, SqliteTransaction> Write { get; } = write;

        public CancellationToken Cancellation { get; } = cancellation;

        // Continuations run elsewhere: the writer must not run a patient's turn inside its loop.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
