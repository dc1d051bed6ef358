namespace BackPainBot.Knowledge;

/// <summary>
/// An <see cref="IKnowledgeSearch"/> that rebuilds its index when the clinic edits <c>articles/*.md</c> or
/// <c>synonyms.txt</c> (or <c>answer-examples.tsv</c>, which retrains the second opinion), without a restart and without failing a search: the new index is built off to the side and
/// swapped in atomically, searches already running finish on the old one, and an edit that does not load (a typo in
/// an article) leaves the old index answering and raises <see cref="ReloadFailed"/>.
/// </summary>
/// <remarks>
/// <para>
/// Editors save a file in several writes (and some save by writing a temporary file and renaming it), so changes are
/// debounced: the reload starts once the folder has been quiet for <see cref="DefaultDebounce"/>.
/// </para>
/// <para>
/// The old index is disposed when its last in-flight search releases it (reference counting), so a slow search never
/// meets a disposed reader and the memory is returned as soon as it can be.
/// </para>
/// </remarks>
public sealed class ReloadingKnowledgeSearch : IKnowledgeSearch, IDisposable
{
    /// <summary>How long the folder must be quiet before a reload starts.</summary>
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(250);

    private readonly string _directory;
    private readonly KnowledgeOptions _options;
    private readonly Action<string, Exception?>? _log;
    private readonly TimeSpan _debounce;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _timer;
    private Lease _current;
    private int _generation = 1;
    private volatile bool _disposed;

    /// <summary>
    /// Loads the knowledge folder and starts watching it. Throws <see cref="KnowledgeFormatException"/> when the folder
    /// does not load, as <see cref="KnowledgeIndex.Load"/> does: at start-up there is no older index to fall back on.
    /// </summary>
    /// <param name="knowledgeDirectory">The folder holding <c>articles/</c> and <c>synonyms.txt</c>.</param>
    /// <param name="options">Index settings, used for every reload.</param>
    /// <param name="log">
    /// Optional: told about each reload with a message naming files, generations and section counts (never a patient's
    /// words); the exception is non-null when a reload failed.
    /// </param>
    /// <param name="debounce">How long the folder must be quiet before reloading; <see cref="DefaultDebounce"/> when null.</param>
    public ReloadingKnowledgeSearch(
        string knowledgeDirectory, KnowledgeOptions options, Action<string, Exception?>? log = null, TimeSpan? debounce = null)
    {
        ArgumentNullException.ThrowIfNull(knowledgeDirectory);
        ArgumentNullException.ThrowIfNull(options);
        _directory = Path.GetFullPath(knowledgeDirectory);
        _options = options;
        _log = log;
        _debounce = debounce ?? DefaultDebounce;
        _current = new Lease(KnowledgeIndex.Load(_directory, options));

        _timer = new Timer(_ => _ = ReloadInBackgroundAsync(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(_directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += OnChanged;
        _watcher.Created += OnChanged;
        _watcher.Deleted += OnChanged;
        _watcher.Renamed += OnChanged;
        _watcher.Error += (_, e) => _log?.Invoke("Knowledge folder watcher failed; edits may need a restart to show.", e.GetException());
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Raised after a new index has replaced the old one.</summary>
    public event EventHandler<KnowledgeReloadedEventArgs>? Reloaded;

    /// <summary>Raised when an edit did not load; the previous index keeps answering.</summary>
    public event EventHandler<KnowledgeReloadFailedEventArgs>? ReloadFailed;

    /// <summary>Which index is serving: 1 at start, one more after each successful reload.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <inheritdoc />
    public IReadOnlyList<KnowledgeSection> Sections => Use(index => index.Sections);

    /// <inheritdoc />
    public SearchResult Search(string question, int maxHits = 3) => Use(index => index.Search(question, maxHits));

    /// <inheritdoc />
    public KnowledgeSection? Find(string sectionId) => Use(index => index.Find(sectionId));

    /// <inheritdoc />
    public IReadOnlyList<KnowledgeSection> Related(string sectionId, int max = 3) => Use(index => index.Related(sectionId, max));

    /// <summary>
    /// Rebuilds the index now (the watcher calls this after the debounce; tests call it directly). Completes when the new
    /// index serves, or when the attempt failed and <see cref="ReloadFailed"/> was raised; never throws for a bad edit.
    /// </summary>
    public async Task ReloadNowAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _reloading.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            KnowledgeIndex fresh;
            try
            {
                // Off the caller's thread: building takes tens of milliseconds and the watcher's thread must stay free.
                fresh = await Task.Run(() => KnowledgeIndex.Load(_directory, _options)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is KnowledgeFormatException or IOException or UnauthorizedAccessException)
            {
                var serving = Generation;
                _log?.Invoke($"Knowledge reload failed; still serving generation {serving}.", e);
                ReloadFailed?.Invoke(this, new KnowledgeReloadFailedEventArgs(e, serving));
                return;
            }

            if (_disposed)
            {
                fresh.Dispose();
                return;
            }

            var old = Interlocked.Exchange(ref _current, new Lease(fresh));
            var generation = Interlocked.Increment(ref _generation);
            old.Release();
            _log?.Invoke($"Knowledge reloaded: generation {generation}, {fresh.Sections.Count} sections.", null);
            Reloaded?.Invoke(this, new KnowledgeReloadedEventArgs(generation, fresh.Sections.Count));
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>Stops watching and releases the index once the searches still using it are done.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _watcher.EnableRaisingEvents = false;
        _watcher.Dispose();
        _timer.Dispose();
        Interlocked.Exchange(ref _current, Lease.Released).Release();
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        if (_disposed || (!IsKnowledgeFile(e.FullPath) && !(e is RenamedEventArgs renamed && IsKnowledgeFile(renamed.OldFullPath))))
        {
            return;
        }

        try
        {
            // Each change pushes the reload back: it runs once the editor has finished writing.
            _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the call: nothing left to reload.
        }
    }

    private bool IsKnowledgeFile(string path)
    {
        var relative = Path.GetRelativePath(_directory, path);
        if (string.Equals(relative, KnowledgeLoader.SynonymsFile, StringComparison.OrdinalIgnoreCase)
            || string.Equals(relative, AnswerExamples.FileName, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // The articles folder itself (deleted, renamed) or a Markdown file directly in it.
        return string.Equals(relative, KnowledgeLoader.ArticlesFolder, StringComparison.OrdinalIgnoreCase)
            || (string.Equals(Path.GetDirectoryName(relative), KnowledgeLoader.ArticlesFolder, StringComparison.OrdinalIgnoreCase)
                && path.EndsWith(".md", StringComparison.OrdinalIgnoreCase));
    }

    private async Task ReloadInBackgroundAsync()
    {
        try
        {
            await ReloadNowAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The debounce fired as the search was being disposed.
        }
        catch (Exception e)
        {
            // A timer callback has no caller to throw to; an unobserved failure would otherwise vanish.
            _log?.Invoke("Knowledge reload failed unexpectedly; still serving the previous index.", e);
        }
    }

    private T Use<T>(Func<KnowledgeIndex, T> action)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var lease = Volatile.Read(ref _current);
            if (!lease.TryAcquire())
            {
                // Swapped out and fully released between the read and the acquire: the next read sees its successor.
                continue;
            }

            try
            {
                return action(lease.Index!);
            }
            finally
            {
                lease.Release();
            }
        }
    }

    /// <summary>
    /// An index and the number of users holding it: the search object itself holds one reference while the index is
    /// current, each search one more while it runs. The last release disposes the index.
    /// </summary>
    private sealed class Lease(KnowledgeIndex? index)
    {
        private int _references = index is null ? 0 : 1;

        /// <summary>A lease that can never be acquired, installed on dispose.</summary>
        public static Lease Released => new(null);

        public KnowledgeIndex? Index { get; } = index;

        public bool TryAcquire()
        {
            while (true)
            {
                var count = Volatile.Read(ref _references);
                if (count == 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _references, count + 1, count) == count)
                {
                    return true;
                }
            }
        }

        public void Release()
        {
            if (Index is not null && Interlocked.Decrement(ref _references) == 0)
            {
                Index.Dispose();
            }
        }
    }
}

/// <summary>A reload replaced the index.</summary>
/// <param name="Generation">The generation now serving.</param>
/// <param name="SectionCount">How many sections the new index has.</param>
public sealed record KnowledgeReloadedEventArgs(int Generation, int SectionCount);

/// <summary>A reload failed; the previous index keeps answering.</summary>
/// <param name="Exception">Why: usually a <see cref="KnowledgeFormatException"/> naming the file and line.</param>
/// <param name="ServingGeneration">The generation still serving.</param>
public sealed record KnowledgeReloadFailedEventArgs(Exception Exception, int ServingGeneration);
