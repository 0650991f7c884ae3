package dev.sessionfarm.session.codec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionCodecTest
{
    enum Delivery
    {
        STANDARD, EXPRESS
    }

    record Line(String sku, int quantity, BigDecimal price)
    {
    }

    record Order(String customer, List<Line> lines, Delivery delivery, LocalDate wanted)
    {
    }

    static final class Cart
    {
        final List<Line> lines = new ArrayList<>();
        String note;
    }

    /** Allowed by nothing: its presence anywhere in a value must make the value unstorable. */
    record Secret(String value)
    {
    }

    private final SessionCodec codec =
        SessionCodec.builder().allow(Line.class, Order.class, Delivery.class, Cart.class).build();

    private Object roundTrip(Object value)
    {
        return codec.decode(codec.encode("a", value));
    }

    @Test
    void jdkValuesAndCollectionsRoundTrip()
    {
        List<Object> values = List.of("text", 42, 42L, 3.5d, true, 'c', new BigDecimal("19.99"),
            LocalDate.of(2026, 11, 23),
            LocalDateTime.of(2026, 11, 23, 10, 30), Instant.ofEpochMilli(1_700_000_000_000L),
            ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneId.of("Europe/Paris")), UUID.randomUUID(),
            List.of(1, 2, 3), List.of(), Set.of("x"), Map.of("k", 1), new ArrayList<>(List.of("a", "b")),
            new HashMap<>(Map.of("a", 1)), new LinkedHashMap<>(Map.of("b", 2)), new TreeMap<>(Map.of("c", 3)),
            Collections.unmodifiableList(new ArrayList<>(List.of(1, 2))),
            Collections.unmodifiableMap(new HashMap<>(Map.of(1, 2))),
            Collections.emptyList(), Collections.singletonList("one"), Arrays.asList("x", "y"), Optional.of("present"),
            new int[] {1, 2, 3}, new String[] {"a", "b"});
        for (Object value : values)
        {
            Object back = roundTrip(value);
            if (value.getClass().isArray())
                assertTrue(Arrays.deepEquals(new Object[] {value}, new Object[] {back}), "array " + value.getClass());
            else
                assertEquals(value, back, "round trip of " + value.getClass().getName());
        }
    }

    @Test
    void applicationRecordsEnumsAndClassesRoundTrip()
    {
        Order order = new Order("Ada", List.of(new Line("SKU-1", 2, new BigDecimal("9.50"))), Delivery.EXPRESS,
            LocalDate.of(2026, 12, 1));
        assertEquals(order, roundTrip(order));

        Cart cart = new Cart();
        cart.lines.add(new Line("SKU-2", 1, BigDecimal.ONE));
        cart.note = "ring twice";
        Cart back = (Cart)roundTrip(cart);
        assertEquals(cart.lines, back.lines);
        assertEquals("ring twice", back.note);
    }

    @Test
    void aClassOffTheAllowListFailsNamingTheAttributeAndTheClass()
    {
        AttributeNotStorableException direct = assertThrows(AttributeNotStorableException.class,
            () -> codec.encode("secret", new Secret("x")));
        assertEquals("secret", direct.attribute());
        assertEquals(Secret.class.getName(), direct.className());
        assertTrue(direct.getMessage().contains("'secret'") && direct.getMessage().contains(Secret.class.getName()),
            direct.getMessage());

        AttributeNotStorableException nested = assertThrows(AttributeNotStorableException.class,
            () -> codec.encode("cart", List.of(new Line("a", 1, BigDecimal.ONE), new Secret("deep"))));
        assertEquals(Secret.class.getName(), nested.className());
        assertTrue(nested.getMessage().contains("'cart'"), nested.getMessage());
    }

    @Test
    void readingRefusesAClassOffTheAllowListBeforeLoadingIt()
    {
        // Allowed by pattern, so stored by name: the name is what a forger would change.
        SessionCodec byName =
            SessionCodec.builder().allow(List.of(SessionCodecTest.class.getPackageName() + ".*")).build();
        byte[] bytes = byName.encode("o", new Order("x", List.of(), Delivery.STANDARD, null));
        // Kryo marks the end of an ASCII class name on its last byte, so the last character stays as it is.
        String allowed = Order.class.getName().substring(0, Order.class.getName().length() - 1);
        String forged = allowed.substring(0, allowed.length() - 4) + "Nope"; // same length, no such class
        byte[] tampered =
            replace(bytes, allowed.getBytes(StandardCharsets.US_ASCII), forged.getBytes(StandardCharsets.US_ASCII));

        UnreadableValueException e = assertThrows(UnreadableValueException.class, () -> codec.decode(tampered));
        assertTrue(e.getMessage().contains("not on the session allow-list"), e.getMessage());

        SessionCodec strict = SessionCodec.builder().build();
        UnreadableValueException refused = assertThrows(UnreadableValueException.class, () -> strict.decode(bytes));
        assertTrue(refused.getMessage().contains(Order.class.getName()), refused.getMessage());
        // An id that names no allowed class loads nothing either.
        byte[] byId = codec.encode("o", new Order("x", List.of(), Delivery.STANDARD, null));
        assertThrows(UnreadableValueException.class, () -> strict.decode(byId));
    }

    @Test
    void classesAllowedByClassAreStoredAsAnIdDerivedFromTheirNameNotAsTheName()
    {
        Order order = new Order("Ada", List.of(new Line("SKU-1", 2, BigDecimal.TEN)), Delivery.STANDARD, null);
        byte[] byId = codec.encode("o", order);
        SessionCodec byName =
            SessionCodec.builder().allow(List.of(SessionCodecTest.class.getPackageName() + ".*")).build();
        byte[] named = byName.encode("o", order);
        String text = new String(byId, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("SessionCodecTest"), "no class name in " + hex(byId));
        assertTrue(named.length - byId.length >= Order.class.getName().length(),
            byId.length + " bytes by id, " + named.length + " by name");
        // Values stored by name (allowed by pattern) are read by a node that allows the classes by class.
        assertEquals(order, codec.decode(named));
        // The id is part of the stored format: the same name gives the same id on every build.
        assertEquals(2_097_152 + 118_218_973, StableRegistrations.applicationId("com.example.shop.Order"));
        assertEquals(StableRegistrations.applicationId(Order.class.getName()),
            StableRegistrations.applicationIds(List.of(Line.class, Order.class)).get(Order.class));
    }

    @Test
    void theFormatDoesNotDependOnRegistrationOrder()
    {
        SessionCodec reversed =
            SessionCodec.builder().allow(Cart.class, Delivery.class, Order.class, Line.class).build();
        Order order = new Order("Ada", List.of(new Line("SKU-1", 2, BigDecimal.TEN)), Delivery.STANDARD,
            LocalDate.of(2026, 1, 1));
        byte[] ours = codec.encode("o", order);
        assertArrayEquals(ours, reversed.encode("o", order));
        assertEquals(order, reversed.decode(ours));
    }

    @Test
    void jdkTypesKeepTheirPinnedIds()
    {
        // The ids are part of the stored format: changing one makes old sessions unreadable.
        Map<Integer, String> ids = StableRegistrations.idsToNames();
        assertEquals("java.util.ArrayList", ids.get(100));
        assertEquals("java.util.HashMap", ids.get(102));
        assertEquals("java.math.BigDecimal", ids.get(120));
        assertEquals("java.util.UUID", ids.get(122));
        assertEquals("java.time.LocalDate", ids.get(140));
        assertEquals("[B", ids.get(170));
        assertEquals("java.util.ImmutableCollections$ListN", ids.get(198));
        assertEquals("java.lang.reflect.InvocationHandler", ids.get(230));
        // A list of two strings, as written by format 1: any change to the format shows up here.
        assertEquals("f1 00 66 01 83 03 00 01 82 61 01 82 62",
            hex(codec.encode("l", new ArrayList<>(List.of("a", "b")))));
    }

    @Test
    void largeValuesAreCompressedAndSmallOnesAreNot()
    {
        SessionCodec compressing = SessionCodec.builder().compressThreshold(1024).build();
        String large = "answer ".repeat(2000);
        byte[] stored = compressing.encode("a", large);
        assertEquals(SessionCodec.FLAG_DEFLATED, stored[1]);
        assertTrue(stored.length < large.length() / 10, "compressed to " + stored.length);
        assertEquals(large, compressing.decode(stored));

        byte[] small = compressing.encode("a", "short");
        assertEquals(0, small[1]);
    }

    @Test
    void corruptBytesAreReportedAsUnreadableNeverAsAnotherFailure()
    {
        byte[] good =
            codec.encode("o", new Order("Ada", List.of(new Line("SKU", 1, BigDecimal.ONE)), Delivery.STANDARD, null));
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++)
        {
            byte[] bad = Arrays.copyOf(good, 1 + random.nextInt(good.length + 8));
            for (int flips = random.nextInt(4); flips >= 0; flips--)
                bad[random.nextInt(bad.length)] = (byte)random.nextInt(256);
            try
            {
                codec.decode(bad);
            }
            catch (UnreadableValueException expected)
            {
                // what corrupt data must produce
            }
        }
        assertThrows(UnreadableValueException.class, () -> codec.decode(new byte[0]));
        assertThrows(UnreadableValueException.class, () -> codec.decode(new byte[] {(byte)0xF1, 1, 5, 5, 5}));
        SessionCodec compressing = SessionCodec.builder().compressThreshold(10).maxDecodedBytes(1000).build();
        byte[] bomb = compressing.encode("a", "z".repeat(100_000));
        UnreadableValueException tooBig = assertThrows(UnreadableValueException.class, () -> compressing.decode(bomb));
        assertTrue(tooBig.getMessage().contains("inflates past"), tooBig.getMessage());
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception
    {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try
        {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++)
            {
                int seed = t;
                results.add(pool.submit(() ->
                {
                    for (int i = 0; i < 2000; i++)
                    {
                        Order order =
                            new Order("c" + seed + "-" + i, List.of(new Line("s" + i, i, BigDecimal.valueOf(i))),
                                Delivery.values()[i % 2], null);
                        if (!order.equals(roundTrip(order)))
                            return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results)
                assertTrue(result.get());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static byte[] replace(byte[] haystack, byte[] needle, byte[] replacement)
    {
        byte[] out = haystack.clone();
        outer:
        for (int i = 0; i <= out.length - needle.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (out[i + j] != needle[j])
                    continue outer;
            }
            System.arraycopy(replacement, 0, out, i, replacement.length);
            return out;
        }
        throw new AssertionError("needle not found");
    }

    private static String hex(byte[] bytes)
    {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes)
            s.append(s.length() == 0 ? "" : " ").append(String.format("%02x", b));
        return s.toString();
    }
}
