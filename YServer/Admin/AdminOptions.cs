using System.ComponentModel.DataAnnotations;

namespace YServer.Admin;

/// <summary>The admin HTTP API (section <c>Admin</c>). Off unless a token is set. To add a setting: property with default
/// and validation here, a line in <c>appsettings.example.json</c> and a row in the README table.</summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string SectionName = "Admin";

    /// <summary>Shortest token accepted: a guessable token would open every document.</summary>
    public const int MinTokenLength = 16;

    /// <summary>Bearer token for <c>/api/...</c>; empty turns the API off (404). Also <c>--admin-token</c> and the
    /// environment variable <c>YSERVER_ADMIN_TOKEN</c>.</summary>
    public string Token { get; set; } = "";

    public bool IsEnabled => !string.IsNullOrEmpty(Token);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsEnabled && (Token.Length < MinTokenLength || Token.Trim().Length != Token.Length))
        {
            yield return new ValidationResult(
                $"the admin token must be at least {MinTokenLength} characters without leading or trailing spaces.",
                [nameof(Token)]);
        }
    }
}
