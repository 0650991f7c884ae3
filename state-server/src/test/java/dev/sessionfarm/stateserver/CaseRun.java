package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.sessionfarm.stateserver.PersistenceDamageTest.contents;
import static dev.sessionfarm.stateserver.PersistenceDamageTest.copyTree;
import static dev.sessionfarm.stateserver.PersistenceDamageTest.names;
import static dev.sessionfarm.stateserver.PersistenceDamageTest.sameContents;

/**
 * One damage case: damages a copy of the intact data directory, runs recovery without repair (which must start
 * only for a torn tail, and must change nothing when it refuses), then with repair where refused, and checks what
 * came back against what the damage touched.
 */
final class CaseRun
{
    private static final long MEMORY = 256L << 20;
    private static final int FRAME = 16 << 20;

    private final DamageCase damage;
    private final Path pristine;
    private final Map<String, Long> acknowledged;
    private final String scope;
    final Set<String> touchedSessions;
    final long touchedRecords;
    final Set<String> lost = new TreeSet<>();
    final List<String> violations = new ArrayList<>();
    boolean startedWithoutRepair;
    String refusal;
    int recovered;

    CaseRun(DamageCase damage, Path pristine, DataDirRecords layout, Map<String, Long> acknowledged, String scope)
    {
        this.damage = damage;
        this.pristine = pristine;
        this.acknowledged = acknowledged;
        this.scope = scope;
        this.touchedSessions = touchedSessions(layout, damage);
        this.touchedRecords = layout.puts.stream()
            .filter(put -> put.overlaps(damage.file(), damage.from(), damage.to())).count();
    }

    /** Sessions whose latest record lies in the damaged bytes: the only ones a recovery may lose. */
    static Set<String> touchedSessions(DataDirRecords layout, DamageCase damage)
    {
        return layout.effective.entrySet().stream()
            .filter(e -> e.getValue().overlaps(damage.file(), damage.from(), damage.to()))
            .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    }

    void run() throws IOException
    {
        Path dir = Files.createTempDirectory(pristine.getParent(), "case-");
        copyTree(pristine, dir);
        damage.applyTo(dir);
        Map<String, byte[]> damaged = contents(dir);
        SessionStore store = new SessionStore(MEMORY, FRAME);
        try (Persistence opened = Persistence.open(dir, MutationLog.Fsync.NO, 64L << 20, store, false))
        {
            startedWithoutRepair = true;
            if (!damage.startsByItself())
            {
                violation("started without --repair although intact records follow the damage");
            }
        }
        catch (IOException | IllegalStateException refused)
        {
            String message = String.valueOf(refused.getMessage());
            refusal = message;
            if (damage.startsByItself())
            {
                violation("refused although the damage is only a torn tail: " + message);
            }
            if (!message.contains(damage.file()))
            {
                violation("the refusal does not name " + damage.file() + ": " + message);
            }
            if (!sameContents(damaged, contents(dir)))
            {
                violation("a refused start changed the data dir: before " + names(damaged) + "; after "
                    + names(contents(dir)));
            }
            store = new SessionStore(MEMORY, FRAME);
            try (Persistence repaired = Persistence.open(dir, MutationLog.Fsync.NO, 64L << 20, store, true))
            {
                // Repair writes a fresh generation at open.
            }
            catch (IOException | IllegalStateException e)
            {
                violation("repair failed: " + e);
                return;
            }
            reopenAfterRepair(dir, store);
        }
        count(store);
        checkKeptAside(damaged.get(damage.file()), dir);
        List<String> untouched = lost.stream().filter(id -> !touchedSessions.contains(id)).toList();
        if (!untouched.isEmpty())
        {
            violation("lost " + untouched.size() + " sessions although the damage did not touch their latest"
                + " record, such as " + untouched.subList(0, Math.min(3, untouched.size())));
        }
        if (violations.isEmpty())
        {
            deleteTree(dir);
        }
    }

    /** The repaired directory must start by itself and hold what the repair recovered. */
    private void reopenAfterRepair(Path dir, SessionStore repaired)
    {
        SessionStore again = new SessionStore(MEMORY, FRAME);
        try (Persistence opened = Persistence.open(dir, MutationLog.Fsync.NO, 64L << 20, again, false))
        {
            if (again.sessionCount() != repaired.sessionCount())
            {
                violation("after repair " + repaired.sessionCount() + " sessions, on the next start "
                    + again.sessionCount());
            }
        }
        catch (IOException | IllegalStateException e)
        {
            violation("the repaired directory does not start by itself: " + e.getMessage());
        }
    }

    private void count(SessionStore store)
    {
        for (Map.Entry<String, Long> ack : acknowledged.entrySet())
        {
            SessionEntry session = store.load(scope, ack.getKey().getBytes(StandardCharsets.UTF_8));
            if (session != null && session.version == ack.getValue())
            {
                recovered++;
            }
            else
            {
                lost.add(ack.getKey());
            }
        }
    }

    /** The damaged file is still there as it was, or a copy of it (or of what was cut off it) is kept aside. */
    private void checkKeptAside(byte[] damagedFile, Path dir)
    {
        if (damagedFile == null)
        {
            return;
        }
        Map<String, byte[]> after = contents(dir);
        byte[] now = after.get(damage.file());
        if (now != null && Arrays.equals(now, damagedFile))
        {
            return;
        }
        for (byte[] kept : after.values())
        {
            if (Arrays.equals(kept, damagedFile))
            {
                return;
            }
            if (now != null && now.length < damagedFile.length
                && Arrays.equals(now, Arrays.copyOf(damagedFile, now.length))
                && Arrays.equals(kept, Arrays.copyOfRange(damagedFile, now.length, damagedFile.length)))
            {
                return;
            }
        }
        violation(damage.file() + " was changed and no copy of its damaged bytes was kept: now " + names(after));
    }

    private void violation(String what)
    {
        violations.add(damage.name() + ": " + what);
    }

    private static void deleteTree(Path dir)
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(file);
            }
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
