using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>yjs 13.6's removal of redundant format markers. <see cref="CleanupFormattingGap"/> is part of every
/// local text deletion (yjs runs it inside <c>deleteText</c>), so it always runs. The whole-text and
/// after-remote-transaction cleanups only run when <see cref="DocOptions.CleanupFormatting"/> is on: a server that
/// ran them would broadcast deletes no user made (plan decision 6); clients clean up themselves.</summary>
internal static class TextFormattingCleanup
{
    /// <summary>yjs <c>cleanupFormattingGap</c>: between <paramref name="start"/> and the next live content,
    /// deletes markers that are overwritten by a later one of the same key or that re-set the value already in
    /// effect, keeping <paramref name="currentAttributes"/> (the attributes at <paramref name="current"/>) true.</summary>
    /// <returns>How many markers were deleted.</returns>
    public static int CleanupFormattingGap(Transaction transaction, Item start, Item? current, TextAttributes startAttributes, TextAttributes currentAttributes)
    {
        Item? end = start;
        var endFormats = new Dictionary<string, ContentFormat>(StringComparer.Ordinal);
        while (end is not null && (!end.Countable || end.Deleted))
        {
            if (!end.Deleted && end.Content is ContentFormat endFormat)
            {
                endFormats[endFormat.Key] = endFormat;
            }

            end = end.Right;
        }

        var cleanups = 0;
        var reachedCurrent = false;
        for (Item? item = start; item is not null && item != end; item = item.Right)
        {
            if (item == current)
            {
                reachedCurrent = true;
            }

            if (item.Deleted || item.Content is not ContentFormat format)
            {
                continue;
            }

            var startValue = startAttributes.GetOrNull(format.Key);
            var last = endFormats.GetValueOrDefault(format.Key);
            if (!ReferenceEquals(last, format) || TextAttributes.StrictEquals(startValue, format.Value))
            {
                // Either a later marker overrides this one, or the value was already in effect.
                item.Delete(transaction);
                cleanups++;
                if (!reachedCurrent &&
                    TextAttributes.StrictEquals(currentAttributes.GetOrNull(format.Key), format.Value) &&
                    !TextAttributes.StrictEquals(startValue, format.Value))
                {
                    if (startValue.Kind == JsValueKind.Null)
                    {
                        currentAttributes.Remove(format.Key);
                    }
                    else
                    {
                        currentAttributes.Set(format.Key, startValue);
                    }
                }
            }

            if (!reachedCurrent && !item.Deleted)
            {
                currentAttributes.Apply(format);
            }
        }

        return cleanups;
    }

    /// <summary>yjs <c>cleanupContextlessFormattingGap</c>: in the run of markers and tombstones around
    /// <paramref name="item"/>, keeps only the right-most marker of each key.</summary>
    public static void CleanupContextlessFormattingGap(Transaction transaction, Item? item)
    {
        while (item?.Right is { } right && (right.Deleted || !right.Countable))
        {
            item = right;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (item is not null && (item.Deleted || !item.Countable))
        {
            if (!item.Deleted && item.Content is ContentFormat format && !seen.Add(format.Key))
            {
                item.Delete(transaction);
            }

            item = item.Left;
        }
    }

    /// <summary>yjs <c>cleanupYTextFormatting</c>: one pass over the whole text that removes every redundant
    /// marker.</summary>
    /// <returns>How many markers were deleted.</returns>
    public static int CleanupYTextFormatting(Transaction transaction, AbstractType text)
    {
        var cleanups = 0;
        var start = text.Start;
        var startAttributes = new TextAttributes();
        var currentAttributes = startAttributes.Copy();
        for (var end = text.Start; end is not null; end = end.Right)
        {
            if (end.Deleted)
            {
                continue;
            }

            if (end.Content is ContentFormat format)
            {
                currentAttributes.Apply(format);
            }
            else
            {
                cleanups += CleanupFormattingGap(transaction, start!, end, startAttributes, currentAttributes);
                startAttributes = currentAttributes.Copy();
                start = end;
            }
        }

        return cleanups;
    }
}
