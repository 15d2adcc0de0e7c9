namespace YServer.Crdt;

/// <summary>A run of content from one client (yjs <c>Item</c>): its place in the parent's list (left/right and
/// the origins it was created between), its parent type and map key, and its content.</summary>
internal sealed class Item : AbstractStruct
{
    private Id _origin;
    private Id _rightOrigin;
    private Id _parentId;

    public Item(Id id, Item? left, Id? origin, Item? right, Id? rightOrigin, AbstractType? parent, string? parentSub, AbstractContent content)
        : base(id, content.Length)
    {
        Left = left;
        Right = right;
        Origin = origin;
        RightOrigin = rightOrigin;
        Parent = parent;
        ParentSub = parentSub;
        Content = content;
        if (content.IsCountable)
        {
            Flags |= ItemFlags.Countable;
        }
    }

    public ItemFlags Flags { get; set; }

    public Item? Left { get; set; }

    public Item? Right { get; set; }

    /// <summary>The parent type; null once resolved to "garbage-collected" (the item then integrates as GC), and
    /// null while only <see cref="ParentId"/> is known.</summary>
    public AbstractType? Parent { get; set; }

    /// <summary>The parent's item ID as decoded, until <see cref="GetMissing"/> resolves it.</summary>
    public Id? ParentId
    {
        get => (Flags & ItemFlags.HasParentId) != 0 ? _parentId : null;
        set => SetOptional(ref _parentId, value, ItemFlags.HasParentId);
    }

    /// <summary>The map key, or null for a list item.</summary>
    public string? ParentSub { get; set; }

    public AbstractContent Content { get; set; }

    public Id? Origin
    {
        get => (Flags & ItemFlags.HasOrigin) != 0 ? _origin : null;
        set => SetOptional(ref _origin, value, ItemFlags.HasOrigin);
    }

    public Id? RightOrigin
    {
        get => (Flags & ItemFlags.HasRightOrigin) != 0 ? _rightOrigin : null;
        set => SetOptional(ref _rightOrigin, value, ItemFlags.HasRightOrigin);
    }

    public override bool Deleted => (Flags & ItemFlags.Deleted) != 0;

    public bool Countable => (Flags & ItemFlags.Countable) != 0;

    public bool Keep
    {
        get => (Flags & ItemFlags.Keep) != 0;
        set => Flags = value ? Flags | ItemFlags.Keep : Flags & ~ItemFlags.Keep;
    }

    public bool Marker
    {
        get => (Flags & ItemFlags.Marker) != 0;
        set => Flags = value ? Flags | ItemFlags.Marker : Flags & ~ItemFlags.Marker;
    }

    /// <summary>The next item to the right that is not deleted (yjs <c>next</c>).</summary>
    public Item? Next
    {
        get
        {
            var n = Right;
            while (n is not null && n.Deleted)
            {
                n = n.Right;
            }

            return n;
        }
    }

    /// <summary>The next item to the left that is not deleted (yjs <c>prev</c>).</summary>
    public Item? Prev
    {
        get
        {
            var n = Left;
            while (n is not null && n.Deleted)
            {
                n = n.Left;
            }

            return n;
        }
    }

    public void MarkDeleted() => Flags |= ItemFlags.Deleted;

    public override ulong? GetMissing(Transaction transaction, StructStore store) => ItemIntegration.GetMissing(this, transaction, store);

    public override void Integrate(Transaction transaction, int offset) => ItemIntegration.Integrate(this, transaction, offset);

    /// <summary>Deletes this item (and, for a nested type, its children) in <paramref name="transaction"/>.</summary>
    public void Delete(Transaction transaction)
    {
        if (Deleted)
        {
            return;
        }

        var parent = Parent!;
        if (Countable && ParentSub is null)
        {
            parent.LengthInternal -= Length;
        }

        MarkDeleted();
        transaction.DeleteSet.Add(Id.Client, Id.Clock, Length);
        transaction.AddChangedType(parent);
        Content.Delete(transaction);
    }

    /// <summary>Drops the content of this deleted item: it keeps its place as <see cref="ContentDeleted"/>, or
    /// becomes a <see cref="GcStruct"/> when its parent is collected too.</summary>
    public void Gc(StructStore store, bool parentGcd)
    {
        if (!Deleted)
        {
            throw new InvalidOperationException("Only deleted items can be collected.");
        }

        Content.Gc(store);
        if (parentGcd)
        {
            store.ReplaceStruct(this, new GcStruct(Id, Length));
        }
        else if (Content is not ContentDeleted)
        {
            // Content that arrived deleted is already what yjs's fresh ContentDeleted(length) would be: keep it
            // (a parsed document has one such item per deleted run).
            Content = new ContentDeleted(Length);
        }
    }

    public override bool MergeWith(AbstractStruct right)
    {
        if (right is not Item other
            || other.Origin != LastId
            || Right != other
            || RightOrigin != other.RightOrigin
            || Id.Client != other.Id.Client
            || Id.Clock + (uint)Length != other.Id.Clock
            || Deleted != other.Deleted
            || Content.GetType() != other.Content.GetType()
            || !Content.MergeWith(other.Content))
        {
            return false;
        }

        Parent?.OnItemMerged(this, other);
        if (other.Keep)
        {
            Keep = true;
        }

        Right = other.Right;
        if (Right is not null)
        {
            Right.Left = this;
        }

        Length += other.Length;
        return true;
    }

    public override void Write(UpdateEncoderV1 encoder, int offset)
    {
        var origin = offset > 0 ? new Id(Id.Client, Id.Clock + (uint)offset - 1) : Origin;
        var rightOrigin = RightOrigin;
        var info = (byte)((Content.Ref & 0x1f)
            | (origin is null ? 0 : 0x80)
            | (rightOrigin is null ? 0 : 0x40)
            | (ParentSub is null ? 0 : 0x20));
        encoder.WriteInfo(info);
        if (origin is { } o)
        {
            encoder.WriteLeftId(o);
        }

        if (rightOrigin is { } r)
        {
            encoder.WriteRightId(r);
        }

        if (origin is null && rightOrigin is null)
        {
            WriteParentInfo(encoder);
            if (ParentSub is not null)
            {
                encoder.WriteString(ParentSub);
            }
        }

        Content.Write(encoder, offset);
    }

    /// <summary>yjs <c>splitItem</c>: cuts this item after <paramref name="diff"/> clocks and returns the right
    /// part, linked in after it.</summary>
    public Item Split(Transaction transaction, int diff)
    {
        var right = new Item(
            new Id(Id.Client, Id.Clock + (uint)diff),
            this,
            new Id(Id.Client, Id.Clock + (uint)diff - 1),
            Right,
            RightOrigin,
            Parent,
            ParentSub,
            Content.Splice(diff));
        right.ParentId = ParentId;
        if (Deleted)
        {
            right.MarkDeleted();
        }

        if (Keep)
        {
            right.Keep = true;
        }

        // The left part keeps its rightOrigin on purpose: changing it would break syncing.
        Right = right;
        if (right.Right is not null)
        {
            right.Right.Left = right;
        }

        transaction.MergeStructs.Add(right);
        if (right.ParentSub is not null && right.Right is null && right.Parent is not null)
        {
            right.Parent.Map[right.ParentSub] = right;
        }

        Length = diff;
        return right;
    }

    private void WriteParentInfo(UpdateEncoderV1 encoder)
    {
        if (Parent is { } parent)
        {
            if (parent.Item is null)
            {
                encoder.WriteParentInfo(true);
                encoder.WriteString(parent.Doc?.FindRootTypeKey(parent) ?? throw new InvalidOperationException("A root type without a document."));
            }
            else
            {
                encoder.WriteParentInfo(false);
                encoder.WriteLeftId(parent.Item.Id);
            }
        }
        else if (ParentId is { } parentId)
        {
            encoder.WriteParentInfo(false);
            encoder.WriteLeftId(parentId);
        }
        else
        {
            throw new InvalidOperationException("An item without origins must know its parent.");
        }
    }

    private void SetOptional(ref Id field, Id? value, ItemFlags flag)
    {
        if (value is { } v)
        {
            field = v;
            Flags |= flag;
        }
        else
        {
            Flags &= ~flag;
        }
    }
}
