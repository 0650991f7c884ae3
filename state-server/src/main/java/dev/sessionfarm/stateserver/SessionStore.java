package dev.sessionfarm.stateserver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.sessionfarm.model.SessionMetadata;
import dev.sessionfarm.model.Units;
import dev.sessionfarm.stateprotocol.ErrorCode;

/**
 * The sessions and the exact semantics of every operation on them (docs/state-server-protocol.md). Each
 * operation on one session runs under that session's stripe lock, which makes it atomic; scans take one stripe at
 * a time, so no operation ever holds more than one lock.
 */
final class SessionStore
{
    /** Past the bound, changes to existing sessions may still grow them by this fraction: they are not refused. */
    private static final int HEADROOM_PERCENT = 10;

    private final SessionTable table = new SessionTable();
    private final ScopeRegistry scopes = new ScopeRegistry();
    private final Canonicalizer nodeNames = new Canonicalizer(4096);
    /** Live claims on expired sessions, keyed by identity; changed only under the session's stripe lock. */
    private final ConcurrentHashMap<SessionEntry, Claim> claims = new ConcurrentHashMap<>();
    private final AtomicLong bytesHeld = new AtomicLong();
    private final long memoryBound;
    private final long memoryCeiling;
    private final int maxFrameBytes;
    private volatile Journal journal = Journal.NONE;

    record Claim(String claimant, long until)
    {
    }

    record SaveOutcome(boolean found, long newVersion, int conflicts)
    {
        static final SaveOutcome NOT_FOUND = new SaveOutcome(false, 0, 0);
    }

    SessionStore(long memoryBound, int maxFrameBytes)
    {
        this.memoryBound = memoryBound;
        this.memoryCeiling = memoryBound + memoryBound / 100 * HEADROOM_PERCENT;
        this.maxFrameBytes = maxFrameBytes;
    }

    void journalTo(Journal journal)
    {
        this.journal = journal;
    }

    /**
     * A detached copy of the session (or null), with the journal sequence number of the change that made it what
     * it is (or made it absent): an answer may show it only once that change is durable.
     */
    record Lookup(SessionEntry session, long journalSeq)
    {
    }

    /** A detached copy of the session, or null. */
    SessionEntry load(String scopeName, byte[] id)
    {
        return lookup(scopeName, id).session();
    }

    Lookup lookup(String scopeName, byte[] id)
    {
        int scope = scopes.lookup(scopeName);
        if (scope < 0)
        {
            return new Lookup(null, 0);
        }
        int hash = table.hash(scope, id, 0, id.length);
        SessionTable.Stripe stripe = table.stripe(hash);
        synchronized (stripe)
        {
            SessionEntry session = stripe.find(scope, hash, id, 0, id.length);
            return session == null ? new Lookup(null, stripe.removedSeq)
                : new Lookup(session.copy(), session.journalSeq);
        }
    }

    SaveOutcome save(SaveFrame save, byte[] id)
    {
        int scope = save.replace ? scopes.register(save.scope) : scopes.lookup(save.scope);
        if (scope < 0)
        {
            return SaveOutcome.NOT_FOUND;
        }
        int hash = table.hash(scope, id, 0, id.length);
        SessionTable.Stripe stripe = table.stripe(hash);
        synchronized (stripe)
        {
            SessionEntry session = stripe.find(scope, hash, id, 0, id.length);
            if (session == null && !save.replace)
            {
                return SaveOutcome.NOT_FOUND;
            }
            journal.checkWritable();
            long newVersion = session == null ? 1 : session.version + 1;
            PackedAttributes.Merge merge = PackedAttributes.merge(
                session == null ? PackedAttributes.EMPTY : session.attributes, save, newVersion);
            checkAnswerFits(merge, save.metadata, id);
            long footprint = SessionEntry.footprint(id.length, merge.attributes().length);
            if (session == null)
            {
                reserveForNewSession(footprint);
                session = new SessionEntry(scope, hash, id);
                session.setMetadata(save.metadata, nodeNames.canonical(save.metadata.lastNode()));
                stripe.insert(session);
            }
            else
            {
                reserveForGrowth(footprint - session.footprint());
                if (save.replace || save.metadata.accessed() >= session.accessed)
                {
                    session.setMetadata(save.metadata, nodeNames.canonical(save.metadata.lastNode()));
                }
            }
            session.attributes = merge.attributes();
            session.version = newVersion;
            session.journalSeq = journal.put(save.scope, session);
            return new SaveOutcome(true, newVersion, merge.conflicts());
        }
    }

    /** Metadata only, and only if not older than what is stored. False if the session does not exist. */
    boolean touch(String scopeName, byte[] id, SessionMetadata metadata)
    {
        int scope = scopes.lookup(scopeName);
        if (scope < 0)
        {
            return false;
        }
        int hash = table.hash(scope, id, 0, id.length);
        SessionTable.Stripe stripe = table.stripe(hash);
        synchronized (stripe)
        {
            SessionEntry session = stripe.find(scope, hash, id, 0, id.length);
            if (session == null)
            {
                return false;
            }
            if (metadata.accessed() >= session.accessed)
            {
                journal.checkWritable();
                session.setMetadata(metadata, nodeNames.canonical(metadata.lastNode()));
                session.journalSeq = journal.metadata(scopeName, session);
            }
            return true;
        }
    }

    /** Deletes unconditionally ({@code onlyIfExpiredAt == 0}) or only if expired by then; true if it deleted. */
    boolean delete(String scopeName, byte[] id, long onlyIfExpiredAt)
    {
        int scope = scopes.lookup(scopeName);
        if (scope < 0)
        {
            return false;
        }
        int hash = table.hash(scope, id, 0, id.length);
        SessionTable.Stripe stripe = table.stripe(hash);
        synchronized (stripe)
        {
            SessionEntry session = stripe.find(scope, hash, id, 0, id.length);
            if (session == null || onlyIfExpiredAt > 0 && !session.expiredAt(onlyIfExpiredAt))
            {
                return false;
            }
            journal.checkWritable();
            removeLocked(stripe, session);
            return true;
        }
    }

    boolean exists(String scopeName, byte[] id, long now)
    {
        SessionEntry session = load(scopeName, id);
        return session != null && !session.expiredAt(now);
    }

    /** The candidates that are missing or expired at {@code now}. */
    List<byte[]> checkExpired(String scopeName, List<byte[]> candidates, long now)
    {
        List<byte[]> expired = new ArrayList<>();
        for (byte[] id : candidates)
        {
            if (!exists(scopeName, id, now))
            {
                expired.add(id);
            }
        }
        return expired;
    }

    /** Claims up to {@code limit} unclaimed sessions of the scope with 0 < expiry <= before. */
    List<byte[]> claimExpired(String scopeName, long before, int limit, String claimant, long claimTtlMs, long now)
    {
        List<byte[]> claimed = new ArrayList<>();
        int scope = scopes.lookup(scopeName);
        if (scope < 0)
        {
            return claimed;
        }
        Claim claim = new Claim(claimant, saturatedAdd(now, claimTtlMs));
        for (int i = 0; i < table.stripeCount() && claimed.size() < limit; i++)
        {
            SessionTable.Stripe stripe = table.stripeAt(i);
            synchronized (stripe)
            {
                for (SessionEntry session : stripe.slots())
                {
                    if (session != null && session.scope == scope && session.expiredAt(before))
                    {
                        Claim existing = claims.get(session);
                        if (existing == null || existing.until() < now)
                        {
                            claims.put(session, claim);
                            claimed.add(session.id);
                            if (claimed.size() >= limit)
                            {
                                break;
                            }
                        }
                    }
                }
            }
        }
        return claimed;
    }

    /** Deletes up to {@code limit} sessions of any scope with 0 < expiry <= before (orphans); returns how many. */
    int cleanOrphans(long before, int limit)
    {
        int deleted = 0;
        List<SessionEntry> doomed = new ArrayList<>();
        for (int i = 0; i < table.stripeCount() && deleted < limit; i++)
        {
            SessionTable.Stripe stripe = table.stripeAt(i);
            synchronized (stripe)
            {
                doomed.clear();
                for (SessionEntry session : stripe.slots())
                {
                    if (session != null && session.expiredAt(before) && deleted + doomed.size() < limit)
                    {
                        doomed.add(session);
                    }
                }
                if (!doomed.isEmpty())
                {
                    journal.checkWritable();
                }
                for (SessionEntry session : doomed)
                {
                    removeLocked(stripe, session);
                }
                deleted += doomed.size();
            }
        }
        return deleted;
    }

    /** Drops claims that ran out, so sessions that were claimed and never deleted do not pin a claim forever. */
    void forgetLapsedClaims(long now)
    {
        claims.values().removeIf(claim -> claim.until() < now);
    }

    /** Hands detached copies of all sessions to {@code sink}, one stripe at a time, outside the locks. */
    void forEachSession(Consumer<SessionEntry> sink)
    {
        List<SessionEntry> copies = new ArrayList<>();
        for (int i = 0; i < table.stripeCount(); i++)
        {
            SessionTable.Stripe stripe = table.stripeAt(i);
            copies.clear();
            synchronized (stripe)
            {
                for (SessionEntry session : stripe.slots())
                {
                    if (session != null)
                    {
                        copies.add(session.copy());
                    }
                }
            }
            copies.forEach(sink);
        }
    }

    /** Recovery: sets a session to the given state, ignoring the memory bound (what was acknowledged stays). */
    void restore(String scopeName, byte[] id, SessionMetadata metadata, long version, byte[] attributes)
    {
        int scope = scopes.register(scopeName);
        int hash = table.hash(scope, id, 0, id.length);
        SessionTable.Stripe stripe = table.stripe(hash);
        synchronized (stripe)
        {
            SessionEntry session = stripe.find(scope, hash, id, 0, id.length);
            long footprint = SessionEntry.footprint(id.length, attributes.length);
            if (session == null)
            {
                session = new SessionEntry(scope, hash, id);
                stripe.insert(session);
                bytesHeld.addAndGet(footprint);
            }
            else
            {
                bytesHeld.addAndGet(footprint - session.footprint());
            }
            session.setMetadata(metadata, nodeNames.canonical(metadata.lastNode()));
            session.version = version;
            session.attributes = attributes;
        }
    }

    void restoreMetadata(String scopeName, byte[] id, SessionMetadata metadata)
    {
        int scope = scopes.register(scopeName);
        int hash = table.hash(scope, id, 0, id.length);
        SessionTable.Stripe stripe = table.stripe(hash);
        synchronized (stripe)
        {
            SessionEntry session = stripe.find(scope, hash, id, 0, id.length);
            if (session != null)
            {
                session.setMetadata(metadata, nodeNames.canonical(metadata.lastNode()));
            }
        }
    }

    void restoreRemoval(String scopeName, byte[] id)
    {
        int scope = scopes.register(scopeName);
        int hash = table.hash(scope, id, 0, id.length);
        SessionTable.Stripe stripe = table.stripe(hash);
        synchronized (stripe)
        {
            SessionEntry session = stripe.find(scope, hash, id, 0, id.length);
            if (session != null)
            {
                stripe.remove(session);
                bytesHeld.addAndGet(-session.footprint());
            }
        }
    }

    String scopeName(int scope)
    {
        return scopes.name(scope);
    }

    int sessionCount()
    {
        return table.size();
    }

    long bytesHeld()
    {
        return bytesHeld.get();
    }

    long memoryBound()
    {
        return memoryBound;
    }

    private void removeLocked(SessionTable.Stripe stripe, SessionEntry session)
    {
        stripe.remove(session);
        bytesHeld.addAndGet(-session.footprint());
        claims.remove(session);
        stripe.removedSeq = journal.remove(scopes.name(session.scope), session);
    }

    private void reserveForNewSession(long footprint)
    {
        if (bytesHeld.get() + footprint > memoryBound)
        {
            throw new RefusedException(ErrorCode.MEMORY_FULL,
                "state server memory bound " + Units.formatBytes(memoryBound)
                    + " reached; raise --max-memory (existing sessions keep working)");
        }
        bytesHeld.addAndGet(footprint);
    }

    private void reserveForGrowth(long growth)
    {
        if (growth > 0 && bytesHeld.get() + growth > memoryCeiling)
        {
            throw new RefusedException(ErrorCode.MEMORY_FULL,
                "state server memory bound " + Units.formatBytes(memoryBound)
                    + " reached and its " + HEADROOM_PERCENT + "% headroom for existing sessions is used up;"
                    + " raise --max-memory");
        }
        bytesHeld.addAndGet(growth);
    }

    /** A session whose LOAD answer would exceed the frame limit could be saved but never loaded again. */
    private void checkAnswerFits(PackedAttributes.Merge merge, SessionMetadata metadata, byte[] id)
    {
        long answerBytes = 5 + 6 * 8 + 2 + metadata.lastNode().length() * 3L + 8 + 4 + merge.wireBytes();
        if (answerBytes > maxFrameBytes)
        {
            throw new RefusedException(ErrorCode.SESSION_TOO_LARGE, "session would take about "
                + Units.formatBytes(answerBytes) + ", more than --max-frame-bytes " + Units.formatBytes(maxFrameBytes)
                + "; store less in the session or raise the limit on server and clients");
        }
    }

    private static long saturatedAdd(long a, long b)
    {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
