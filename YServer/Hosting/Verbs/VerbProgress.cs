using System.Globalization;

namespace YServer.Hosting.Verbs;

/// <summary>Progress of a long verb (<c>compact --all</c>, <c>check</c>, <c>import</c>). On a terminal one line is
/// rewritten in place (<c>\r</c>); when stderr is redirected (a pipe, a log file, a test) each step is a plain line,
/// so logs stay readable.</summary>
internal sealed class VerbProgress(TextWriter writer, bool interactive, string activity, int total)
{
    private int _done;
    private int _lastWidth;

    /// <summary>One step finished; <paramref name="item"/> names it (a room, a stage).</summary>
    public void Step(string item)
    {
        _done++;
        var text = string.Create(CultureInfo.InvariantCulture, $"{activity} {_done}/{total}: {item}");
        if (!interactive)
        {
            writer.WriteLine(text);
            return;
        }

        var padding = Math.Max(0, _lastWidth - text.Length);
        writer.Write("\r" + text + new string(' ', padding));
        _lastWidth = text.Length;
        writer.Flush();
    }

    /// <summary>Ends the updating line (so the next output starts on a fresh line).</summary>
    public void Done()
    {
        if (interactive && _lastWidth > 0)
        {
            writer.WriteLine();
        }
    }
}
