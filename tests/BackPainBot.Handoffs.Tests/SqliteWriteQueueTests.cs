namespace BackPainBot.Handoffs.Tests;

public sealed class SqliteWriteQueueTests : IDisposable
{
    private readonly InMemoryDatabase _database = new();
    private readonly SqliteHandoffStore _store;

    public SqliteWriteQueueTests()
    {
        _store = _database.CreateStore();
    }

    public void Dispose()
    {
        _store.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task SaveAsync_ManyPatientsAtOnce_AllStoredInOneCommit()
    {
        using var gate = new ManualResetEventSlim();
        var blocker = HoldWriter(gate);
        var handoffs = Enumerable.Range(0, 10).Select(_ => TestHandoffs.Minimal() with { Id = Guid.NewGuid() }).ToList();

        // Queued while the writer is busy with the previous commit, as when several patients escalate together.
        var saves = handoffs.Select(h => _store.SaveAsync(h)).ToList();
        var commitsBefore = _store.Writes.Commits;
        gate.Set();
        await blocker;
        await Task.WhenAll(saves);

        // The held write's own commit, then one for all ten.
        Assert.Equal(2, _store.Writes.Commits - commitsBefore);
        foreach (var handoff in handoffs)
        {
            Assert.NotNull(await _store.GetAsync(handoff.Id));
        }
    }

    [Fact]
    public async Task SaveAsync_OneWriteInTheGroupFails_OnlyThatWriteFails()
    {
        using var gate = new ManualResetEventSlim();
        var blocker = HoldWriter(gate);
        var good = TestHandoffs.Minimal() with { Id = Guid.NewGuid() };

        var failing = _store.Writes.ExecuteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO handoffs (id) VALUES ('half-written');";
            command.ExecuteNonQuery();
        }, CancellationToken.None);
        var saved = _store.SaveAsync(good);
        gate.Set();
        await blocker;

        await Assert.ThrowsAnyAsync<Exception>(() => failing);
        await saved;
        Assert.NotNull(await _store.GetAsync(good.Id));
        Assert.Equal(0L, _database.Scalar("SELECT COUNT(*) FROM handoffs WHERE id = 'half-written';"));
    }

    [Fact]
    public async Task SaveAsync_CancelledBeforeItsCommit_IsNotWritten()
    {
        using var gate = new ManualResetEventSlim();
        var blocker = HoldWriter(gate);
        using var cancel = new CancellationTokenSource();
        var handoff = TestHandoffs.Minimal() with { Id = Guid.NewGuid() };

        var save = _store.SaveAsync(handoff, cancel.Token);
        await cancel.CancelAsync();
        gate.Set();
        await blocker;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => save);
        Assert.Null(await _store.GetAsync(handoff.Id));
    }

    [Fact]
    public async Task Dispose_WithWritesQueued_FinishesThemFirst()
    {
        using var database = new InMemoryDatabase();
        var store = database.CreateStore();
        var handoffs = Enumerable.Range(0, 5).Select(_ => TestHandoffs.Minimal() with { Id = Guid.NewGuid() }).ToList();

        var saves = handoffs.Select(h => store.SaveAsync(h)).ToList();
        store.Dispose();

        await Task.WhenAll(saves);
        using var reopened = database.CreateStore();
        foreach (var handoff in handoffs)
        {
            Assert.NotNull(await reopened.GetAsync(handoff.Id));
        }
    }

    // Occupies the writer until the gate opens, so the writes queued meanwhile go into the next commit together.
    private Task HoldWriter(ManualResetEventSlim gate)
    {
        using var started = new ManualResetEventSlim();
        var blocker = _store.Writes.ExecuteAsync((_, _) =>
        {
            started.Set();
            gate.Wait(TimeSpan.FromSeconds(10));
        }, CancellationToken.None);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)), "the writer did not start the blocking write");
        return blocker;
    }
}
