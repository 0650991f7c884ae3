package dev.sessionfarm.stateserver;

import dev.sessionfarm.model.SessionMetadata;

/**
 * One session as held in memory, kept small on purpose: primitive metadata fields and one packed byte array for
 * all attributes (see {@link PackedAttributes}). Fields change only under the lock of the session's table stripe;
 * the attribute array is never modified once stored (a save stores a new one), so a reader may use it after
 * leaving the lock.
 */
final class SessionEntry
{
    /** Object header, eight longs, two ints and three references, rounded up to the 8-byte alignment. */
    static final int OBJECT_BYTES = 96;
    /** The table slot that points to the session, at the table's typical load. */
    static final int SLOT_BYTES = 8;

    final int scope;
    final int hash;
    final byte[] id;

    long created;
    long accessed;
    long lastAccessed;
    long cookieSet;
    long maxInactiveMs;
    long expiry;
    long version;
    /** The journal sequence number of the last change: a load may show the session once that is durable. */
    long journalSeq;
    String lastNode;
    byte[] attributes;

    SessionEntry(int scope, int hash, byte[] id)
    {
        this.scope = scope;
        this.hash = hash;
        this.id = id;
    }

    boolean matches(int scope, int hash, byte[] id, int idOffset, int idLength)
    {
        return this.hash == hash && this.scope == scope && java.util.Arrays.equals(this.id, 0, this.id.length, id,
            idOffset, idOffset + idLength);
    }

    void setMetadata(SessionMetadata metadata, String canonicalLastNode)
    {
        created = metadata.created();
        accessed = metadata.accessed();
        lastAccessed = metadata.lastAccessed();
        cookieSet = metadata.cookieSet();
        maxInactiveMs = metadata.maxInactiveMs();
        expiry = metadata.expiry();
        lastNode = canonicalLastNode;
    }

    SessionMetadata metadata()
    {
        return new SessionMetadata(created, accessed, lastAccessed, cookieSet, maxInactiveMs, expiry, lastNode);
    }

    boolean expiredAt(long now)
    {
        return expiry > 0 && expiry <= now;
    }

    /** Heap bytes this session costs, as counted against --max-memory. */
    long footprint()
    {
        return footprint(id.length, attributes.length);
    }

    static long footprint(int idLength, int attributesLength)
    {
        return OBJECT_BYTES + SLOT_BYTES + arrayBytes(idLength) + arrayBytes(attributesLength);
    }

    private static long arrayBytes(int length)
    {
        return (16L + length + 7) & ~7L;
    }

    /** A detached copy, for use outside the stripe lock. Shares the (immutable) attribute array. */
    SessionEntry copy()
    {
        SessionEntry copy = new SessionEntry(scope, hash, id);
        copy.created = created;
        copy.accessed = accessed;
        copy.lastAccessed = lastAccessed;
        copy.cookieSet = cookieSet;
        copy.maxInactiveMs = maxInactiveMs;
        copy.expiry = expiry;
        copy.version = version;
        copy.journalSeq = journalSeq;
        copy.lastNode = lastNode;
        copy.attributes = attributes;
        return copy;
    }
}
