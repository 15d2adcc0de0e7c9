namespace YServer.Yjs;

/// <summary>Bits of a struct's info byte (yjs-wire-format.md §3.2).</summary>
public static class UpdateInfo
{
    /// <summary>Content ref: the low five bits.</summary>
    public const byte RefMask = 0x1f;

    /// <summary>An origin (left origin) ID follows.</summary>
    public const byte HasOrigin = 0x80;

    /// <summary>A right-origin ID follows.</summary>
    public const byte HasRightOrigin = 0x40;

    /// <summary>A parent key (map key) follows, read only when neither origin bit is set.</summary>
    public const byte HasParentSub = 0x20;

    /// <summary>The only info byte that means Skip for the readers merge, diff and state vectors use.</summary>
    public const byte SkipInfo = 10;

    /// <summary>The info byte yjs writes for a GC run.</summary>
    public const byte GcInfo = 0;
}
