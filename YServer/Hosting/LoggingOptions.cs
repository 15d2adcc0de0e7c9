using System.ComponentModel.DataAnnotations;

namespace YServer.Hosting;

/// <summary>Log output (section <c>Logging</c>).</summary>
internal sealed class LoggingOptions
{
    public const string SectionName = "Logging";

    /// <summary>Minimum level: verbose, debug, information, warning, error or fatal (trace and critical are accepted too).</summary>
    [Required]
    public string Level { get; set; } = "information";

    /// <summary><c>text</c> (console lines) or <c>json</c> (compact JSON, one event per line, for docker/systemd).</summary>
    [Required]
    [RegularExpression("^(?i)(text|json)$", ErrorMessage = "Logging:Format must be 'text' or 'json'.")]
    public string Format { get; set; } = "text";
}
