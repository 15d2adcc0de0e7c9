namespace YServer.Protocol;

/// <summary>Sync sub-message tag (y-protocols <c>sync.js</c>). Values are the wire values.</summary>
public enum SyncMessageType : byte
{
    Step1 = 0,
    Step2 = 1,
    Update = 2,
}
