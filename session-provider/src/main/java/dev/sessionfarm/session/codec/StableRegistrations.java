package dev.sessionfarm.session.codec;

import java.lang.reflect.InvocationHandler;
import java.math.BigDecimal;
import java.math.BigInteger;
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

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;

/**
 * JDK types written as small fixed ids instead of class names. The id of each type is part of the stored
 * format: this table only ever grows, and an id is never reused or renumbered, so two builds of the
 * product read each other's sessions whatever order their code registers things in (a rolling upgrade).
 * Application classes are written by name and need no id.
 */
final class StableRegistrations
{
    /** Ids below this are Kryo's own primitive and String registrations. */
    static final int FIRST_ID = 100;

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
        {211, Collections.unmodifiableList(new LinkedList<>()).getClass(), JdkSerializers.UnmodifiableSerializer.list()},
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

    /** The registered ids by class name, for the test that pins the table. */
    static Map<Integer, String> idsToNames()
    {
        Map<Integer, String> ids = new TreeMap<>();
        for (Object[] row : TABLE)
            ids.put((Integer)row[0], ((Class<?>)row[1]).getName());
        return ids;
    }
}
