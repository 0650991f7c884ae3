package dev.sessionfarm.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaveRequestTest
{
    private final SessionMetadata metadata = new SessionMetadata(1, 2, 1, 0, 60_000, 0, "n");

    @Test
    void aSaveCannotBothSetAndRemoveAName()
    {
        assertThrows(IllegalArgumentException.class,
            () -> SaveRequest.delta("/", "id", 1, metadata, Map.of("a", new byte[0]), Set.of("a")));
    }

    @Test
    void aSaveKeepsItsOwnCopyAndKnowsTheSizeOfWhatItWrites()
    {
        Map<String, byte[]> set = new HashMap<>(Map.of("a", new byte[3], "b", new byte[5]));
        SaveRequest save = SaveRequest.replace("/", "id", 0, metadata, set);
        set.clear();
        assertEquals(Map.of("a", 3, "b", 5), save.sizes());
        assertTrue(save.replace());
    }

    @Test
    void metadataExpiresOnlyWithAnExpiryAndNeverHasANegativeOne()
    {
        assertThrows(IllegalArgumentException.class, () -> new SessionMetadata(1, 2, 1, 0, 60_000, -5, "n"));
        assertTrue(new SessionMetadata(1, 2, 1, 0, 60_000, 100, "n").isExpiredAt(100));
        assertFalse(metadata.isExpiredAt(Long.MAX_VALUE));
    }

    @Test
    void aResultSaysWhetherTheSessionWasThere()
    {
        assertTrue(SaveResult.saved(2, 1).isSaved());
        assertFalse(SaveResult.notFound().isSaved());
    }
}
