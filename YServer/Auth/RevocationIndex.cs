namespace YServer.Auth;

/// <summary>An immutable lookup over a revocation list, rebuilt on every change (rare), so the check every upgrade makes
/// costs two hash lookups however long the list grows, instead of a scan.</summary>
internal sealed class RevocationIndex
{
    private readonly HashSet<string> _tokenIds = new(StringComparer.Ordinal);

    /// <summary>Per subject the latest cut-off: the entries of one subject together revoke what the latest one does.</summary>
    private readonly Dictionary<string, DateTimeOffset> _subjectCutoffs = new(StringComparer.Ordinal);

    public RevocationIndex(Revocation[] entries)
    {
        Entries = entries;
        foreach (var entry in entries)
        {
            if (entry.TokenId is not null)
            {
                _tokenIds.Add(entry.TokenId);
            }
            else if (entry.Subject is not null)
            {
                var cutoff = entry.SubjectCutoff;
                if (!_subjectCutoffs.TryGetValue(entry.Subject, out var known) || known < cutoff)
                {
                    _subjectCutoffs[entry.Subject] = cutoff;
                }
            }
        }
    }

    public static RevocationIndex Empty { get; } = new([]);

    public Revocation[] Entries { get; }

    /// <summary>Same answer as asking every entry's <see cref="Revocation.Matches"/>.</summary>
    public bool IsRevoked(string? tokenId, string? subject, DateTimeOffset? issuedAt)
    {
        if (tokenId is not null && _tokenIds.Contains(tokenId))
        {
            return true;
        }

        return subject is not null && _subjectCutoffs.TryGetValue(subject, out var cutoff) && (issuedAt is not { } issued || issued < cutoff);
    }
}
