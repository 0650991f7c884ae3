package dev.sessionfarm.stateserver;

import java.security.SecureRandom;

/**
 * The session map: a fixed number of stripes, each a small open-addressing hash table guarded by its own
 * monitor. Compared with a ConcurrentHashMap this saves a node object and a key object per session (the sessions
 * are their own keys), and the stripe lock doubles as the lock that makes each operation atomic.
 * <p>
 * Callers lock {@link #stripe(int)} themselves and call the stripe's methods inside.
 */
final class SessionTable
{
    private static final int STRIPE_BITS = 6;

    private final Stripe[] stripes = new Stripe[1 << STRIPE_BITS];
    /** Random per process, so that nobody can precompute ids that all land in one slot chain. */
    private final int seed = new SecureRandom().nextInt();

    SessionTable()
    {
        for (int i = 0; i < stripes.length; i++)
        {
            stripes[i] = new Stripe();
        }
    }

    int hash(int scope, byte[] id, int offset, int length)
    {
        int h = seed ^ scope * 0x9E3779B9;
        for (int i = offset; i < offset + length; i++)
        {
            h = (h ^ (id[i] & 0xFF)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ h >>> 16;
    }

    Stripe stripe(int hash)
    {
        return stripes[hash >>> (32 - STRIPE_BITS)];
    }

    Stripe stripeAt(int index)
    {
        return stripes[index];
    }

    int stripeCount()
    {
        return stripes.length;
    }

    int size()
    {
        int size = 0;
        for (Stripe stripe : stripes)
        {
            synchronized (stripe)
            {
                size += stripe.size;
            }
        }
        return size;
    }

    /** One lock's share of the sessions; every method must be called holding the stripe's monitor. */
    static final class Stripe
    {
        private static final int MIN_CAPACITY = 16;

        private SessionEntry[] slots = new SessionEntry[MIN_CAPACITY];
        private int size;
        /** The journal sequence number of the last removal from this stripe, guarded by the stripe's lock. */
        long removedSeq;

        SessionEntry find(int scope, int hash, byte[] id, int offset, int length)
        {
            int mask = slots.length - 1;
            for (int i = hash & mask;; i = (i + 1) & mask)
            {
                SessionEntry session = slots[i];
                if (session == null || session.matches(scope, hash, id, offset, length))
                {
                    return session;
                }
            }
        }

        void insert(SessionEntry session)
        {
            if (size + 1 > slots.length * 3 / 4)
            {
                resize(slots.length * 2);
            }
            place(slots, session);
            size++;
        }

        void remove(SessionEntry session)
        {
            int mask = slots.length - 1;
            int gap = session.hash & mask;
            while (slots[gap] != session)
            {
                gap = (gap + 1) & mask;
            }
            slots[gap] = null;
            // Backward-shift deletion: pull later members of the probe chain into the gap so lookups never stop
            // early at a hole.
            for (int j = (gap + 1) & mask; slots[j] != null; j = (j + 1) & mask)
            {
                int ideal = slots[j].hash & mask;
                if (((j - ideal) & mask) >= ((j - gap) & mask))
                {
                    slots[gap] = slots[j];
                    slots[j] = null;
                    gap = j;
                }
            }
            size--;
            if (slots.length > MIN_CAPACITY && size < slots.length / 8)
            {
                resize(slots.length / 2);
            }
        }

        int size()
        {
            return size;
        }

        /** The slot array, for scans under the lock; null entries are empty slots. */
        SessionEntry[] slots()
        {
            return slots;
        }

        private void resize(int capacity)
        {
            SessionEntry[] resized = new SessionEntry[capacity];
            for (SessionEntry session : slots)
            {
                if (session != null)
                {
                    place(resized, session);
                }
            }
            slots = resized;
        }

        private static void place(SessionEntry[] table, SessionEntry session)
        {
            int mask = table.length - 1;
            int i = session.hash & mask;
            while (table[i] != null)
            {
                i = (i + 1) & mask;
            }
            table[i] = session;
        }
    }
}
