package dev.sessionfarm.session.store;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which partition a session id belongs to: rendezvous (highest random weight) hashing. Every partition scores the
 * id and the highest score wins, so every node with the same list picks the same partition, with no coordination.
 * Adding a partition to N moves only the ids it now wins, about 1/(N+1) of them; removing one moves only its own.
 * A partition's name is its address as configured, so every node must write the same address the same way.
 */
public final class Partitions<T>
{
    /** One store of the list, named by its configured address. */
    public record Partition<T>(String name, T store)
    {
    }

    private final List<Partition<T>> members;
    private final long[] seeds;

    public Partitions(List<Partition<T>> members)
    {
        if (members.isEmpty())
            throw new IllegalArgumentException("a partition list needs at least one partition");
        this.members = List.copyOf(members);
        this.seeds = new long[members.size()];
        for (int i = 0; i < seeds.length; i++)
            seeds[i] = hash(members.get(i).name().getBytes(StandardCharsets.UTF_8), 0x9E3779B97F4A7C15L);
    }

    public Partition<T> of(String sessionId)
    {
        if (members.size() == 1)
            return members.get(0);
        byte[] id = sessionId.getBytes(StandardCharsets.UTF_8);
        int best = 0;
        long bestScore = Long.MIN_VALUE;
        for (int i = 0; i < seeds.length; i++)
        {
            long score = hash(id, seeds[i]);
            // A tie (astronomically rare) goes to the name that sorts first: the same on every node.
            if (score > bestScore
                || score == bestScore && members.get(i).name().compareTo(members.get(best).name()) < 0)
            {
                best = i;
                bestScore = score;
            }
        }
        return members.get(best);
    }

    public List<Partition<T>> all()
    {
        return members;
    }

    /** FNV-1a over the bytes from a seed, then SplitMix64's finalizer, so that nearby seeds give unrelated scores. */
    static long hash(byte[] bytes, long seed)
    {
        long h = 0xCBF29CE484222325L ^ seed;
        for (byte b : bytes)
        {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        h ^= h >>> 30;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 27;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
