package dev.sessionfarm.webapp.resume;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.webapp.node.DemoDatabase;

/**
 * Drafts saved for "continue later", in the demo database ({@code demo_saved_draft}) whatever the session mode, so
 * that a code outlives the session, the browser and any node; redemption attempts are counted per client address
 * in the same database ({@code demo_resume_attempt}), so the limit holds across the whole farm.
 */
public final class SavedDrafts
{
    /** What redeeming a code gave. */
    public sealed interface Redeemed
    {
    }

    /** The code was right and not expired: the draft, now deleted from the table (codes are single use). */
    public record Restored(String form, Map<String, Object> attributes) implements Redeemed
    {
    }

    /** Wrong, expired or already used: the three are told apart to nobody, so a guess learns nothing. */
    public record NotFound() implements Redeemed
    {
    }

    /** Too many attempts from this address: none is checked until {@code retryAt}. */
    public record Limited(Instant retryAt) implements Redeemed
    {
    }

    public record Saved(String code, Instant expiresAt)
    {
    }

    private final DataSource database;
    private final SessionCodec codec;
    private final ContinueLaterSettings settings;
    private final Clock clock;

    public SavedDrafts(DataSource database, SessionCodec codec, ContinueLaterSettings settings, Clock clock)
    {
        this.database = database;
        this.codec = codec;
        this.settings = settings;
        this.clock = clock;
    }

    public ContinueLaterSettings settings()
    {
        return settings;
    }

    /** Stores a draft under a new code; expired drafts and stale attempt counts are removed on the way. */
    public Saved save(String form, Map<String, Object> attributes, String node)
    {
        String code = ResumeCode.generate();
        Instant now = clock.instant();
        Instant expires = now.plus(settings.validFor());
        byte[] value = codec.encode("continue-later " + form, Map.copyOf(attributes));
        try (Connection c = database.getConnection())
        {
            try (PreparedStatement purge = c.prepareStatement("DELETE FROM demo_saved_draft WHERE expires_at <= ?"))
            {
                purge.setTimestamp(1, Timestamp.from(now));
                purge.executeUpdate();
            }
            try (PreparedStatement purge =
                c.prepareStatement("DELETE FROM demo_resume_attempt WHERE window_start <= ?"))
            {
                purge.setTimestamp(1, Timestamp.from(now.minus(settings.window())));
                purge.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO demo_saved_draft "
                + "(code_hash, form, attributes, created_at, expires_at, node) VALUES (?, ?, ?, ?, ?, ?)"))
            {
                insert.setBytes(1, ResumeCode.hash(ResumeCode.normalize(code).orElseThrow()));
                insert.setString(2, form);
                insert.setBytes(3, value);
                insert.setTimestamp(4, Timestamp.from(now));
                insert.setTimestamp(5, Timestamp.from(expires));
                insert.setString(6, node);
                insert.executeUpdate();
            }
            return new Saved(code, expires);
        }
        catch (SQLException e)
        {
            throw DemoDatabase.unavailable("saving a draft to continue later", e);
        }
    }

    /**
     * Counts the attempt against {@code address}, then takes the draft of {@code typed} out of the table. The row
     * is found by the SHA-256 of the code, so the database's comparison time says nothing about how close a guess
     * was, and the hash found is compared again in constant time.
     */
    public Redeemed redeem(String address, String typed)
    {
        Instant now = clock.instant();
        try (Connection c = database.getConnection())
        {
            Optional<Instant> limited = countAttempt(c, address, now);
            if (limited.isPresent())
                return new Limited(limited.get());
            Optional<String> canonical = ResumeCode.normalize(typed);
            if (canonical.isEmpty())
                return new NotFound();
            byte[] hash = ResumeCode.hash(canonical.get());
            try (PreparedStatement take = c.prepareStatement("DELETE FROM demo_saved_draft WHERE code_hash = ? "
                + "RETURNING code_hash, form, attributes, expires_at"))
            {
                take.setBytes(1, hash);
                try (ResultSet row = take.executeQuery())
                {
                    if (!row.next() || !MessageDigest.isEqual(hash, row.getBytes(1))
                        || !row.getTimestamp(4).toInstant().isAfter(now))
                        return new NotFound();
                    return new Restored(row.getString(2), attributes(codec.decode(row.getBytes(3))));
                }
            }
        }
        catch (SQLException e)
        {
            throw DemoDatabase.unavailable("restoring a saved draft", e);
        }
    }

    /** The end of the window when {@code address} has used up its attempts, otherwise empty (and one more counted). */
    private Optional<Instant> countAttempt(Connection c, String address, Instant now) throws SQLException
    {
        try (PreparedStatement count = c.prepareStatement("INSERT INTO demo_resume_attempt AS a "
            + "(address, window_start, attempts) VALUES (?, ?, 1) ON CONFLICT (address) DO UPDATE SET "
            + "attempts = CASE WHEN a.window_start <= ? THEN 1 ELSE a.attempts + 1 END, "
            + "window_start = CASE WHEN a.window_start <= ? THEN EXCLUDED.window_start ELSE a.window_start END "
            + "RETURNING window_start, attempts"))
        {
            Timestamp stale = Timestamp.from(now.minus(settings.window()));
            count.setString(1, address);
            count.setTimestamp(2, Timestamp.from(now));
            count.setTimestamp(3, stale);
            count.setTimestamp(4, stale);
            try (ResultSet row = count.executeQuery())
            {
                row.next();
                if (row.getInt(2) <= settings.attempts())
                    return Optional.empty();
                return Optional.of(row.getTimestamp(1).toInstant().plus(settings.window()));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(Object decoded)
    {
        return (Map<String, Object>)decoded;
    }
}
