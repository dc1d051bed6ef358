using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BackPainBot.Bench.LoadTest;

/// <summary>How to start one server under test from its build output.</summary>
/// <param name="Name">Short name used in the report: <c>echo</c> or <c>bot</c>.</param>
/// <param name="DllPath">The server's entry assembly, run with <c>dotnet</c>.</param>
/// <param name="WorkingDirectory">Working directory of the child process.</param>
/// <param name="ExtraArguments">Arguments after <c>--urls</c>.</param>
/// <param name="Environment">Variables set (or, when null, removed) in the child's environment.</param>
public sealed record ServerSpec(
    string Name,
    string DllPath,
    string WorkingDirectory,
    IReadOnlyList<string> ExtraArguments,
    IReadOnlyDictionary<string, string?> Environment);

/// <summary>Raised when the load test cannot run at all, as opposed to a target missing its goals.</summary>
public sealed class LoadTestException(string message) : Exception(message);

/// <summary>
/// A server under test running as a child process on a free loopback port. Disposing it kills the whole process tree;
/// <see cref="KillAll"/> is the last resort when the generator exits another way.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int _outputTailLines = 40;
    private const int _startAttempts = 3;

    private static readonly Lock _liveLock = new();
    private static readonly HashSet<Process> _live = [];

    private readonly Process _process;
    private readonly Queue<string> _outputTail = new();

    private ServerProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's short name.</summary>
    public string Name { get; }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The child's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>CPU time (user + system) the server has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Whether the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The child's exit code, when it has exited.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>
    /// Starts the server and waits for <c>GET /healthz</c> to answer 200. Retries on another port when the chosen one
    /// was taken in the meantime.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(ServerSpec spec, TimeSpan healthTimeout, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(spec, FreeLoopbackPort());
            try
            {
                await server.WaitUntilHealthyAsync(healthTimeout, ct);
                return server;
            }
            catch (LoadTestException) when (attempt < _startAttempts && server.LostPortRace())
            {
                await server.DisposeAsync();
            }
            catch (LoadTestException ex)
            {
                // Start-up output holds no patient text yet, and it is what explains a server that will not start.
                var tail = string.Join(Environment.NewLine, server.OutputTail().Select(line => "    " + line));
                await server.DisposeAsync();
                throw new LoadTestException($"{ex.Message}{Environment.NewLine}  last output of {spec.Name}:"
                    + $"{Environment.NewLine}{tail}");
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Kills every child still running; safe to call from any thread, more than once.</summary>
    public static void KillAll()
    {
        Process[] live;
        lock (_liveLock)
        {
            live = [.. _live];
        }

        foreach (var process in live)
        {
            TryKill(process);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        TryKill(_process);
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // It was killed; a slow reaper is no reason to fail the run.
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        lock (_liveLock)
        {
            _live.Remove(_process);
        }

        _process.Dispose();
    }

    private static ServerProcess Launch(ServerSpec spec, int port)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(spec.DllPath);
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var argument in spec.ExtraArguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Bindings inherited from the caller's shell would add listeners beside the one we chose.
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = startInfo };
        var server = new ServerProcess(spec.Name, process, baseAddress);

        // Drained continuously: a child blocked on a full pipe would look like a slow server.
        process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);

        lock (_liveLock)
        {
            if (!process.Start())
            {
                throw new LoadTestException($"could not start {spec.Name}: dotnet {spec.DllPath}");
            }

            _live.Add(process);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false };
        using var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        HttpStatusCode? lastStatus = null;

        while (Stopwatch.GetTimestamp() < deadline)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                // Lets the output readers reach the end, so the tail shown holds the child's last words.
                _process.WaitForExit();
                throw new LoadTestException($"{Name} exited with code {_process.ExitCode} before /healthz answered.");
            }

            try
            {
                using var response = await client.GetAsync("healthz", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                lastStatus = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }

        var last = lastStatus is null ? "no answer" : $"last status {(int)lastStatus}";
        throw new LoadTestException($"{Name} did not answer GET /healthz with 200 within {timeout.TotalSeconds:0} s ({last}).");
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputTail)
        {
            _outputTail.Enqueue(line);
            while (_outputTail.Count > _outputTailLines)
            {
                _outputTail.Dequeue();
            }
        }
    }

    private string[] OutputTail()
    {
        lock (_outputTail)
        {
            return [.. _outputTail];
        }
    }

    private bool LostPortRace() =>
        OutputTail().Any(line => line.Contains("address already in use", StringComparison.OrdinalIgnoreCase));

    private static int FreeLoopbackPort()
    {
        // The port is free when we look; the retry in StartAsync covers the rare case someone takes it before the child.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        // Launched through the apphost (dotnet run): the runtime we run on lives in <dotnet root>/shared/<fx>/<version>/.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (runtimeDirectory is not null)
        {
            var candidate = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..",
                OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "dotnet";
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone or never started.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting as we asked; nothing more to do.
        }
    }
}
