using System.Data.Common;

namespace BackPainBot.Handoffs.Tests;

/// <summary>
/// The handoff store's behaviour, the same on every provider: each subclass runs these against its own database
/// (<see cref="SqliteHandoffStoreTests"/>, <see cref="PostgresHandoffStoreTests"/>).
/// </summary>
public abstract class HandoffStoreTests : ProviderTests
{
    private protected IHandoffStore Store => Database.Handoffs;

    [SkippableFact]
    public async Task SaveAsync_FullHandoff_RoundTripsEveryField()
    {
        var handoff = TestHandoffs.Full();

        await Store.SaveAsync(handoff);

        TestHandoffs.AssertSame(handoff, await Store.GetAsync(handoff.Id), Database.TimeResolution);
    }

    [SkippableFact]
    public async Task SaveAsync_NoContactOrPreferredTime_RoundTripsNulls()
    {
        var handoff = TestHandoffs.Full() with { Contact = null, PreferredTime = null };

        await Store.SaveAsync(handoff);

        var loaded = await Store.GetAsync(handoff.Id);
        Assert.NotNull(loaded);
        Assert.Null(loaded.Contact);
        Assert.Null(loaded.PreferredTime);
    }

    [SkippableTheory]
    [InlineData(TimePreferences.AsSoonAsPossible)]
    [InlineData(TimePreferences.NoPreference)]
    [InlineData(null)]
    public async Task SaveAsync_TimePreference_RoundTripsAsIsAndAnUpdateReplacesIt(string? preference)
    {
        var handoff = TestHandoffs.Minimal() with { TimePreference = TimePreferences.NoPreference };
        await Store.SaveAsync(handoff);
        Assert.Equal(TimePreferences.NoPreference, (await Store.GetAsync(handoff.Id))!.TimePreference);

        await Store.SaveAsync(handoff with { TimePreference = preference });

        TestHandoffs.AssertSame(handoff with { TimePreference = preference }, await Store.GetAsync(handoff.Id), Database.TimeResolution);
        Assert.Equal(preference, Assert.Single(await Store.ListAsync()).TimePreference);
    }

    [SkippableFact]
    public async Task SaveAsync_PartialContact_KeepsMissingFieldsNull()
    {
        var handoff = TestHandoffs.Minimal() with { Contact = new ContactDetails(null, "0400 000 000", null) };

        await Store.SaveAsync(handoff);

        Assert.Equal(new ContactDetails(null, "0400 000 000", null), (await Store.GetAsync(handoff.Id))?.Contact);
    }

    [SkippableFact]
    public async Task SaveAsync_EmptyLists_RoundTripAsEmpty()
    {
        var handoff = TestHandoffs.Minimal("none");

        await Store.SaveAsync(handoff);

        TestHandoffs.AssertSame(handoff, await Store.GetAsync(handoff.Id), Database.TimeResolution);
    }

    [SkippableFact]
    public async Task SaveAsync_ExistingId_ReplacesRecordInPlace()
    {
        var original = TestHandoffs.Full() with { Status = HandoffStatus.New, Contact = null };
        await Store.SaveAsync(original);
        var updated = original with
        {
            Status = HandoffStatus.Booked,
            Contact = new ContactDetails("Sam", null, "sam@example.com"),
            UpdatedAt = original.UpdatedAt.AddHours(1),
        };

        await Store.SaveAsync(updated);

        TestHandoffs.AssertSame(updated, await Store.GetAsync(original.Id), Database.TimeResolution);
        Assert.Equal(1, Database.Scalar("SELECT COUNT(*) FROM handoffs"));
    }

    [SkippableFact]
    public async Task SaveAsync_WithoutConversationReference_KeepsTheStoredOne()
    {
        var handoff = TestHandoffs.Minimal() with { ConversationReference = "{\"conversation\":{\"id\":\"c1\"}}" };
        await Store.SaveAsync(handoff);

        await Store.SaveAsync(handoff with { Level = "urgent", ConversationReference = null });

        Assert.Equal(handoff.ConversationReference, (await Store.GetAsync(handoff.Id))!.ConversationReference);
    }

    [SkippableFact]
    public async Task SaveAsync_NulAndUnpairedSurrogateInPatientText_StillSaved()
    {
        // What a fuzzer or a broken client can send; the handoff must be kept whatever the text. (The JSON serializer
        // itself turns an unpaired surrogate into U+FFFD, on every provider, so the transcript line has only the NUL.)
        const string odd = "numb\0legs \uD83D and \uDE00";
        var handoff = TestHandoffs.Full() with
        {
            Question = odd,
            Contact = new ContactDetails(odd, "0400\0 000 000", null),
            Transcript = [new TranscriptEntry(TestHandoffs.Monday9am, "patient", "numb\0legs 😣")],
        };

        await Store.SaveAsync(handoff);

        var loaded = await Store.GetAsync(handoff.Id);
        Assert.NotNull(loaded);
        Assert.Equal("numb\0legs 😣", Assert.Single(loaded.Transcript).Text);
        Assert.StartsWith("numb", loaded.Question);
    }

    [SkippableFact]
    public async Task SaveAsync_AlreadyCancelled_IsNotWritten()
    {
        var store = Store;
        var handoff = TestHandoffs.Minimal();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SaveAsync(handoff, new CancellationToken(canceled: true)));

        Assert.Null(await Store.GetAsync(handoff.Id));
    }

    [SkippableFact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        await Store.SaveAsync(TestHandoffs.Minimal());

        Assert.Null(await Store.GetAsync(Guid.NewGuid()));
    }

    [SkippableFact]
    public async Task ListAsync_MixedLevels_ReturnsMostUrgentFirstThenOldest()
    {
        var t = TestHandoffs.Monday9am;
        var routineOld = TestHandoffs.Minimal("routine", t);
        var noneOld = TestHandoffs.Minimal("none", t.AddMinutes(-30));
        var urgentNew = TestHandoffs.Minimal("urgent", t.AddMinutes(20));
        var emergencyNew = TestHandoffs.Minimal("emergency", t.AddMinutes(10));
        var emergencyOld = TestHandoffs.Minimal("emergency", t.AddMinutes(5));
        var urgentOld = TestHandoffs.Minimal("urgent", t.AddMinutes(1));
        foreach (var handoff in new[] { routineOld, noneOld, urgentNew, emergencyNew, emergencyOld, urgentOld })
        {
            await Store.SaveAsync(handoff);
        }

        var list = await Store.ListAsync();

        Assert.Equal(
            [emergencyOld.Id, emergencyNew.Id, urgentOld.Id, urgentNew.Id, routineOld.Id, noneOld.Id],
            list.Select(h => h.Id));
    }

    [SkippableFact]
    public async Task ListAsync_SameLevelDifferentOffsets_OrdersByInstant()
    {
        // 09:00 in Sydney is 23:00 UTC the day before, so it is older than 08:00 UTC despite the later clock reading.
        var sydney = TestHandoffs.Minimal("urgent", new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.FromHours(10)));
        var utc = TestHandoffs.Minimal("urgent", new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.Zero));
        await Store.SaveAsync(utc);
        await Store.SaveAsync(sydney);

        var list = await Store.ListAsync();

        Assert.Equal([sydney.Id, utc.Id], list.Select(h => h.Id));
    }

    [SkippableFact]
    public async Task ListAsync_SameLevelAndTime_OrdersById()
    {
        var handoffs = Enumerable.Range(0, 5).Select(_ => TestHandoffs.Minimal("urgent")).ToList();
        foreach (var handoff in handoffs)
        {
            await Store.SaveAsync(handoff);
        }

        var list = await Store.ListAsync();

        Assert.Equal(handoffs.Select(h => h.Id.ToString("D")).Order(StringComparer.Ordinal), list.Select(h => h.Id.ToString("D")));
    }

    [SkippableFact]
    public async Task ListAsync_Limit_ReturnsOnlyTheMostUrgent()
    {
        var t = TestHandoffs.Monday9am;
        var emergency = TestHandoffs.Minimal("emergency", t.AddMinutes(3));
        var urgent = TestHandoffs.Minimal("urgent", t);
        await Store.SaveAsync(TestHandoffs.Minimal("routine", t.AddMinutes(-5)));
        await Store.SaveAsync(urgent);
        await Store.SaveAsync(emergency);

        var list = await Store.ListAsync(limit: 2);

        Assert.Equal([emergency.Id, urgent.Id], list.Select(h => h.Id));
    }

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task ListAsync_NonPositiveLimit_Throws(int limit)
    {
        var store = Store;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(limit));
    }

    [SkippableFact]
    public async Task ListAsync_EmptyStore_ReturnsEmpty()
    {
        Assert.Empty(await Store.ListAsync());
    }

    [SkippableTheory]
    [InlineData("critical")]
    [InlineData("Emergency")]
    [InlineData("")]
    public async Task SaveAsync_UnknownLevel_ThrowsAndStoresNothing(string level)
    {
        var handoff = TestHandoffs.Minimal() with { Level = level };

        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync(handoff));

        Assert.Equal(0, Database.Scalar("SELECT COUNT(*) FROM handoffs"));
    }

    [SkippableFact]
    public async Task SaveAsync_InsertFails_ThrowsAndLeavesNoRow()
    {
        await Store.SaveAsync(TestHandoffs.Minimal());
        Database.FailWrites("handoffs", "INSERT");

        await Assert.ThrowsAnyAsync<DbException>(() => Store.SaveAsync(TestHandoffs.Full()));

        Assert.Equal(1, Database.Scalar("SELECT COUNT(*) FROM handoffs"));
    }

    [SkippableFact]
    public async Task SaveAsync_UpdateFails_ThrowsAndKeepsPreviousVersion()
    {
        var original = TestHandoffs.Full();
        await Store.SaveAsync(original);
        Database.FailWrites("handoffs", "UPDATE");

        await Assert.ThrowsAnyAsync<DbException>(
            () => Store.SaveAsync(original with { Status = HandoffStatus.Closed, Contact = null }));

        TestHandoffs.AssertSame(original, await Store.GetAsync(original.Id), Database.TimeResolution);
    }

    [SkippableFact]
    public async Task SaveAsync_Fails_ExceptionMessageHasNoPatientText()
    {
        Database.FailWrites("handoffs", "INSERT");
        var handoff = TestHandoffs.Full();

        var exception = await Assert.ThrowsAnyAsync<DbException>(() => Store.SaveAsync(handoff));

        Assert.DoesNotContain("back hurts", exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(handoff.Contact!.Phone!, exception.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SaveAsync_FiftyParallelSaves_StoresAll()
    {
        var store = Store;
        var handoffs = Enumerable.Range(0, 50)
            .Select(i => TestHandoffs.Full() with { CreatedAt = TestHandoffs.Monday9am.AddSeconds(i) })
            .ToList();

        await Task.WhenAll(handoffs.Select(h => Task.Run(() => store.SaveAsync(h))));

        var list = await store.ListAsync(limit: 100);
        Assert.Equal(handoffs.Select(h => h.Id), list.Select(h => h.Id));
    }

    [SkippableFact]
    public async Task SaveAsync_AnotherInstanceSaved_ItsHandoffIsReadHere()
    {
        var handoff = TestHandoffs.Full();
        using var other = Database.OpenInstance();

        await other.Handoffs.SaveAsync(handoff);

        TestHandoffs.AssertSame(handoff, await Store.GetAsync(handoff.Id), Database.TimeResolution);
    }
}
