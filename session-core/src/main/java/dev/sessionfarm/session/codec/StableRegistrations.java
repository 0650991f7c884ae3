package dev.sessionfarm.session.codec;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Currency;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;

/**
 * JDK types written as small fixed ids instead of class names. The id of each type is part of the stored
 * format: this table only ever grows, and an id is never reused or renumbered, so two builds of the
 * product read each other's sessions whatever order their code registers things in (a rolling upgrade).
 * <p>
 * Application classes allowed by class get an id computed from their name (CRC-32 into a range whose ids Kryo
 * writes in 4 bytes), so every build gives a class the same id without a table, and a value carries 4 bytes
 * where it carried a class name of 30 to 60. Two allowed classes whose names give the same id are refused when
 * the codec is built; allowing one of them by pattern instead stores it by name.
 */
final class StableRegistrations
{
    /** Ids below this are Kryo's own primitive and String registrations. */
    static final int FIRST_ID = 100;
    /** Application ids start here, far above the JDK table; below 2^28 - 2, Kryo writes id + 2 in 4 bytes. */
    static final int FIRST_APPLICATION_ID = 1 << 21;
    private static final int APPLICATION_ID_RANGE = (1 << 28) - 2 - FIRST_APPLICATION_ID;

    private static final Object[][] TABLE = {
        {100, ArrayList.class}, {101, LinkedList.class}, {102, HashMap.class}, {103, LinkedHashMap.class},
        {104, TreeMap.class}, {105, HashSet.class}, {106, LinkedHashSet.class}, {107, TreeSet.class},
        {108, ArrayDeque.class}, {109, ConcurrentHashMap.class}, {110, CopyOnWriteArrayList.class},
        {111, PriorityQueue.class}, {112, BitSet.class},
        {120, BigDecimal.class}, {121, BigInteger.class}, {122, UUID.class, new JdkSerializers.UuidSerializer()},
        {123, Date.class}, {124, Locale.class}, {125, Currency.class},
        {126, Optional.class}, {127, OptionalInt.class}, {128, OptionalLong.class}, {129, OptionalDouble.class},
        {140, LocalDate.class}, {141, LocalDateTime.class}, {142, LocalTime.class}, {143, Instant.class},
        {144, Duration.class}, {145, Period.class}, {146, Year.class}, {147, YearMonth.class},
        {148, MonthDay.class}, {149, OffsetDateTime.class}, {150, OffsetTime.class}, {151, ZonedDateTime.class},
        {152, ZoneOffset.class}, {153, ZoneId.of("Europe/Paris").getClass()}, {154, DayOfWeek.class},
        {155, Month.class},
        {170, byte[].class}, {171, int[].class}, {172, long[].class}, {173, double[].class},
        {174, boolean[].class}, {175, char[].class}, {176, short[].class}, {177, float[].class},
        {178, String[].class}, {179, Object[].class}, {180, Object.class},
        {190, Collections.emptyList().getClass()}, {191, Collections.emptySet().getClass()},
        {192, Collections.emptyMap().getClass()}, {193, Collections.singletonList(0).getClass()},
        {194, Collections.singleton(0).getClass()}, {195, Collections.singletonMap(0, 0).getClass()},
        {196, Arrays.asList().getClass()},
        {197, List.of(0).getClass()}, {198, List.of().getClass()}, {199, Set.of(0).getClass()},
        {200, Set.of().getClass()}, {201, Map.of(0, 0).getClass()}, {202, Map.of().getClass()},
        {210, Collections.unmodifiableList(new ArrayList<>()).getClass(), JdkSerializers.UnmodifiableSerializer.list()},
        {211, Collections.unmodifiableList(new LinkedList<>()).getClass(),
            JdkSerializers.UnmodifiableSerializer.list()},
        {212, Collections.unmodifiableSet(new HashSet<>()).getClass(), JdkSerializers.UnmodifiableSerializer.set()},
        {213, Collections.unmodifiableSortedSet(new TreeSet<>()).getClass(),
            JdkSerializers.UnmodifiableSerializer.sortedSet()},
        {214, Collections.unmodifiableMap(new HashMap<>()).getClass(), JdkSerializers.UnmodifiableSerializer.map()},
        {215, Collections.unmodifiableSortedMap(new TreeMap<>()).getClass(),
            JdkSerializers.UnmodifiableSerializer.sortedMap()},
        {216, Collections.unmodifiableCollection(new ArrayList<>()).getClass(),
            JdkSerializers.UnmodifiableSerializer.collection()},
        {230, InvocationHandler.class, new JdkSerializers.ProxySerializer()},
    };

    private StableRegistrations()
    {
    }

    static void register(Kryo kryo)
    {
        for (Object[] row : TABLE)
        {
            int id = (Integer)row[0];
            Class<?> type = (Class<?>)row[1];
            if (row.length > 2)
                kryo.register(type, (Serializer<?>)row[2], id);
            else
                kryo.register(type, id);
        }
    }

    /** The ids of the application classes that can have one (concrete classes outside the JDK table). */
    static Map<Class<?>, Integer> applicationIds(Collection<Class<?>> types)
    {
        Set<String> jdk = new HashSet<>(idsToNames().values());
        Map<Class<?>, Integer> ids = new LinkedHashMap<>();
        Map<Integer, Class<?>> byId = new HashMap<>();
        for (Class<?> type : types)
        {
            boolean concrete = !type.isPrimitive() && !type.isArray() && !type.isInterface()
                && !Modifier.isAbstract(type.getModifiers());
            if (!concrete || jdk.contains(type.getName()) || ids.containsKey(type))
                continue;
            int id = applicationId(type.getName());
            Class<?> other = byId.putIfAbsent(id, type);
            if (other != null)
                throw new IllegalArgumentException("Session classes " + other.getName() + " and " + type.getName()
                    + " have the same stored id (" + id + "); allow one of them by pattern (session.allowedClasses or "
                    + "SessionCodec.Builder.allow(List.of(\"" + type.getName() + "\"))) so that it is stored by name");
            ids.put(type, id);
        }
        return ids;
    }

    static int applicationId(String className)
    {
        CRC32 crc = new CRC32();
        crc.update(className.getBytes(StandardCharsets.UTF_8));
        return FIRST_APPLICATION_ID + (int)(crc.getValue() % APPLICATION_ID_RANGE);
    }

    /** The registered ids by class name, for the test that pins the table. */
    static Map<Integer, String> idsToNames()
    {
        Map<Integer, String> ids = new TreeMap<>();
        for (Object[] row : TABLE)
            ids.put((Integer)row[0], ((Class<?>)row[1]).getName());
        return ids;
    }
}
