package dev.sessionfarm.model;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnitsTest
{
    @Test
    void durationsNeedAUnit()
    {
        assertEquals(Duration.ofMillis(500), Units.duration("500ms"));
        assertEquals(Duration.ofSeconds(90), Units.duration(" 90 S "));
        assertEquals(Duration.ofMinutes(20), Units.duration("20m"));
        assertEquals(Duration.ofHours(2), Units.duration("2h"));
        assertEquals(Duration.ofDays(1), Units.duration("1d"));
        assertEquals(Duration.ZERO, Units.duration("0"));
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class, () -> Units.duration("20"));
        assertTrue(bare.getMessage().contains("no unit; write 20ms, 20s, 20m or 20h"), bare.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Units.duration("5 minutes"));
        assertThrows(IllegalArgumentException.class, () -> Units.duration("-1s"));
        assertThrows(IllegalArgumentException.class, () -> Units.duration(""));
    }

    @Test
    void sizesAreBytesOrBinaryUnits()
    {
        assertEquals(65536, Units.bytes("65536"));
        assertEquals(64 * 1024, Units.bytes("64KiB"));
        assertEquals(64 * 1024, Units.bytes("64k"));
        assertEquals(256L << 20, Units.bytes("256 MB"));
        assertEquals(2L << 30, Units.bytes("2GiB"));
        assertThrows(IllegalArgumentException.class, () -> Units.bytes("2 gigabytes"));
        assertThrows(IllegalArgumentException.class, () -> Units.bytes("99999999999999t"));
    }

    @Test
    void formatReadsBack()
    {
        for (String text : new String[] {"0", "1500ms", "90s", "20m", "2h", "1d"})
            assertEquals(Units.duration(text), Units.duration(Units.format(Units.duration(text))), text);
        assertEquals("90s", Units.format(Duration.ofSeconds(90)));
        assertEquals("64 MiB", Units.formatBytes(64L << 20));
        assertEquals("1.5 KiB", Units.formatBytes(1536));
    }
}
