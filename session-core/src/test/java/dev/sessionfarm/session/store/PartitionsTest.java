package dev.sessionfarm.session.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.sessionfarm.session.store.Partitions.Partition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionsTest
{
    private static final int IDS = 30_000;
    private static final List<String> IDS_SEEN = IntStream.range(0, IDS)
        .mapToObj(i -> UUID.randomUUID().toString().replace("-", "").substring(0, 24)).toList();

    private static Partitions<String> of(String... names)
    {
        return new Partitions<>(java.util.Arrays.stream(names).map(n -> new Partition<>(n, n)).toList());
    }

    @Test
    void everyNodeWithTheSameListPlacesASessionTheSameWayWhateverTheListOrder()
    {
        Partitions<String> a = of("10.0.0.1:42424", "10.0.0.2:42424", "10.0.0.3:42424");
        Partitions<String> b = of("10.0.0.3:42424", "10.0.0.1:42424", "10.0.0.2:42424");
        for (String id : IDS_SEEN)
            assertEquals(a.of(id).name(), b.of(id).name(), id);
    }

    @Test
    void sessionsSpreadEvenly()
    {
        Partitions<String> three = of("s1:42424", "s2:42424", "s3:42424");
        Map<String, Integer> counts = new HashMap<>();
        IDS_SEEN.forEach(id -> counts.merge(three.of(id).name(), 1, Integer::sum));
        counts.values().forEach(n -> assertTrue(Math.abs(n - IDS / 3) < IDS / 3 * 0.05, "uneven: " + counts));
    }

    /** Rendezvous hashing: a new partition takes only the ids it now wins; nothing moves between the old ones. */
    @Test
    void addingAPartitionMovesAboutItsShareAndOnlyToIt()
    {
        Partitions<String> before = of("s1:42424", "s2:42424", "s3:42424");
        Partitions<String> after = of("s1:42424", "s2:42424", "s3:42424", "s4:42424");
        int moved = 0;
        for (String id : IDS_SEEN)
        {
            String from = before.of(id).name();
            String to = after.of(id).name();
            if (!from.equals(to))
            {
                moved++;
                assertEquals("s4:42424", to, "a moved session goes to the new partition only");
            }
        }
        double share = moved / (double)IDS;
        assertTrue(Math.abs(share - 0.25) < 0.02, "moved " + share + " of the sessions, expected about 1/4");
    }
}
