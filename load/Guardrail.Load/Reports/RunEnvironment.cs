using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Guardrail.Load.Reports;

/// <summary>What a report says about where it was measured: machine, load, runtime, commit.</summary>
internal sealed record RunEnvironment(
    string Machine, string Cpu, int Cores, string Os, string Runtime, string Commit, string LoadAverageBefore, string LoadAverageAfter, DateTimeOffset StartedUtc)
{
    public static RunEnvironment Capture(string repository, DateTimeOffset started) => new(
        Environment.MachineName,
        CpuModel(),
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        CommitOf(repository),
        LoadAverage(),
        "",
        started);

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string CommitOf(string repository)
    {
        try
        {
            var info = new ProcessStartInfo("git") { WorkingDirectory = repository, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "describe", "--always", "--dirty", "--abbrev=12" })
            {
                info.ArgumentList.Add(arg);
            }

            using var git = Process.Start(info);
            if (git is null)
            {
                return "unknown";
            }

            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && text.Length > 0 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (no git)";
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Machine}: {Cpu}, {Cores} cores, {Os}, {Runtime}; commit {Commit}; load average {LoadAverageBefore} before, {LoadAverageAfter} after");
}
