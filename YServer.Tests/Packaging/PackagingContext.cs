using System.Diagnostics;
using System.Text;
using YServer.Tests.Support;

namespace YServer.Tests.Packaging;

/// <summary>
/// The repository checkout the tests run from, and a copy of the files a build needs (what the Dockerfile copies into
/// its build stage), so publish and pack commands run exactly as documented without touching the checkout's bin/obj.
/// </summary>
internal sealed class PackagingContext : IDisposable
{
    private static readonly string[] BuildFiles = ["global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "README.md", "LICENSE"];
    private readonly TestDirectory _directory = new();

    public PackagingContext()
    {
        Root = Path.Combine(_directory.Path, "src");
        Directory.CreateDirectory(Root);
        foreach (var file in BuildFiles)
        {
            File.Copy(Path.Combine(RepositoryRoot, file), Path.Combine(Root, file));
        }

        CopySource(Path.Combine(RepositoryRoot, "YServer"), Path.Combine(Root, "YServer"));
        Scratch = Path.Combine(_directory.Path, "scratch");
        Directory.CreateDirectory(Scratch);
    }

    /// <summary>The build-context copy (like the Dockerfile's <c>/src</c>).</summary>
    public string Root { get; }

    /// <summary>A scratch directory next to the copy (outputs, stores, tool homes).</summary>
    public string Scratch { get; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ReadRepositoryFile(string relativePath) => File.ReadAllText(Path.Combine(RepositoryRoot, relativePath));

    public void Dispose() => _directory.Dispose();

    /// <summary>Runs a command to its end (killing its process tree after <paramref name="timeout"/>); returns the exit
    /// code and the interleaved output. Nested builds keep no MSBuild or compiler servers alive after the test.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> args, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"`{fileName} {string.Join(' ', start.ArgumentList)}` took longer than {timeout}:{Environment.NewLine}{output}");
        }

        process.WaitForExit(); // drains the redirected output
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <summary>Runs a shell command line (as documented: README, Dockerfile RUN) with <c>sh -c</c> and requires exit 0.</summary>
    public static async Task<string> RunShellAsync(string commandLine, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var (exitCode, output) = await RunAsync("sh", ["-c", commandLine], workingDirectory, timeout, environment);
        Assert.That(exitCode, Is.Zero, $"`{commandLine}` failed:{Environment.NewLine}{output}");
        return output;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static void CopySource(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            // .dockerignore: build output never enters a build context
            if (Path.GetFileName(directory) is not ("bin" or "obj" or "node_modules"))
            {
                CopySource(directory, Path.Combine(to, Path.GetFileName(directory)));
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "YServer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("YServer.sln not found above the test assembly");
    }
}
