using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BackPainBot.Fuzz;

/// <summary>The real host as a child process on a free port of 127.0.0.1, with its own data folder.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly Queue<string> _tail = new();
    private StreamWriter? _log;
    private int _unhandled;

    private HostProcess(Process process, Uri baseAddress, string dataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        _dataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>
    /// Exceptions the host did not handle: its error middleware's "answered 500" and "after the answer had started" lines,
    /// and critical lines. Turns that fail on purpose (replies to a serviceUrl where nothing listens) are not counted.
    /// </summary>
    public int UnhandledErrors => Volatile.Read(ref _unhandled);

    /// <summary>The process's working set, in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>The highest working set the process has had (VmHWM), in bytes; 0 where /proc is not there.</summary>
    public long PeakWorkingSet
    {
        get
        {
            var status = $"/proc/{_process.Id}/status";
            if (!File.Exists(status))
            {
                return 0;
            }

            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
    }

    /// <param name="logFile">Where to keep the host's whole output; null keeps only its last lines.</param>
    public static async Task<HostProcess> StartAsync(
        string dll, string repoRoot, IReadOnlyDictionary<string, string> settings, TimeSpan timeout, string? logFile = null)
    {
        var port = FreeLoopbackPort();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "backpainbot-fuzz-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repoRoot,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(repoRoot);
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_ENVIRONMENT" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start dotnet {dll}");
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}/"), dataDirectory)
        {
            _log = logFile is null ? null : new StreamWriter(logFile) { AutoFlush = true },
        };
        process.OutputDataReceived += (_, e) => host.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => host.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                if ((await client.GetAsync("healthz/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        var tail = host.Tail();
        await host.DisposeAsync();
        throw new InvalidOperationException($"the host was not ready within {timeout.TotalSeconds:0} s; its last output:\n{tail}");
    }

    /// <summary>Sends SIGTERM and waits for the process to exit; true when it did within <paramref name="timeout"/>.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        lock (_tail)
        {
            _log?.Dispose();
            _log = null;
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never created.
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("crit:", StringComparison.Ordinal)
            || line.Contains("answered 500", StringComparison.Ordinal)
            || line.Contains("after the answer had started", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _unhandled);
        }

        lock (_tail)
        {
            _log?.WriteLine(line);
            _tail.Enqueue(line);
            while (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var candidate = runtime is null ? null : Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "dotnet"));
        return candidate is not null && File.Exists(candidate) ? candidate : "dotnet";
    }
}
