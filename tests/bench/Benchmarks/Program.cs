using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/bench/Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point; benchmarks are the classes in this assembly.</summary>
public partial class Program;
