using System.Diagnostics;
using YServer.Tests.Support;

namespace YServer.Tests.Resilience;

/// <summary>A small, real tmpfs mounted on a fresh directory, to run out of disk space for real. Needs the right to
/// mount (root or CAP_SYS_ADMIN, as in the CI container); <see cref="TryMount"/> returns null where that is missing and
/// the caller falls back to an injected fault.</summary>
internal sealed class TmpfsMount : IDisposable
{
    private readonly TestDirectory _directory;

    private TmpfsMount(TestDirectory directory) => _directory = directory;

    public string Path => _directory.Path;

    public static TmpfsMount? TryMount(int megabytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var directory = new TestDirectory();
        if (Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", directory.Path) != 0)
        {
            directory.Dispose();
            return null;
        }

        return new TmpfsMount(directory);
    }

    /// <summary>Writes a file until the file system is full (ENOSPC); returns its path.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        var block = new byte[64 * 1024];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            // full; smaller blocks take what is left
        }

        try
        {
            while (true)
            {
                stream.Write(block.AsSpan(0, 512));
            }
        }
        catch (IOException)
        {
            // completely full
        }

        return filler;
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        _directory.Dispose();
    }

    private static int Run(string file, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
