package dev.sessionfarm.store.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.model.SaveResult;
import dev.sessionfarm.model.SessionMetadata;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.store.DeltaSessionDataStore;
import dev.sessionfarm.session.store.Durability;
import dev.sessionfarm.session.store.LoadedSession;
import dev.sessionfarm.session.store.PartitionedSessionDataStore;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sessions in PostgreSQL: a row per session and a row per attribute (schema: db/migration/session, V1). Every call is one
 * statement, so one round trip and atomic; a save goes through {@code farm_session_save}, which locks the session
 * row only for its own short transaction, so concurrent saves of one session apply one after the other and never
 * erase each other's attributes.
 */
public class PostgresSessionDataStore extends DeltaSessionDataStore
    implements PartitionedSessionDataStore.SessionCounting
{
    private static final String LOAD = """
        SELECT s.created_at, s.accessed_at, s.last_accessed_at, s.cookie_set_at, s.max_inactive_ms, s.expires_at,
               s.last_node, s.version, a.name, CASE WHEN a.written_version > ? OR s.version < ? THEN a.value END
          FROM farm_session s LEFT JOIN farm_session_attribute a ON a.scope = s.scope AND a.id = s.id
         WHERE s.scope = ? AND s.id = ?""";
    private static final String SAVE =
        "SELECT new_version, conflicts FROM farm_session_save(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String TOUCH =
        """
            UPDATE farm_session
               SET accessed_at = ?, last_accessed_at = ?, cookie_set_at = ?, max_inactive_ms = ?, expires_at = ?, last_node = ?
             WHERE scope = ? AND id = ? AND accessed_at <= ?""";
    private static final String DELETE = "DELETE FROM farm_session WHERE scope = ? AND id = ?";
    private static final String DELETE_IF_EXPIRED =
        "DELETE FROM farm_session WHERE scope = ? AND id = ? AND expires_at > 0 AND expires_at <= ?";
    private static final String EXISTS =
        "SELECT 1 FROM farm_session WHERE scope = ? AND id = ? AND (expires_at <= 0 OR expires_at > ?)";
    private static final String LIVE_AMONG =
        "SELECT id FROM farm_session WHERE scope = ? AND id = ANY (?) AND (expires_at <= 0 OR expires_at > ?)";
    private static final String COUNT = "SELECT count(*) FROM farm_session";
    private static final String DURABILITY_SETTINGS =
        "SELECT current_setting('fsync'), current_setting('synchronous_commit')";
    private static final String CLAIM_EXPIRED = """
        UPDATE farm_session SET expiry_claimed_by = ?, expiry_claimed_until = ?
         WHERE (scope, id) IN (SELECT scope, id FROM farm_session
                                WHERE scope = ? AND expires_at > 0 AND expires_at <= ? AND expiry_claimed_until < ?
                                ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED)
        RETURNING id""";
    private static final String CLEAN_ORPHANS = """
        DELETE FROM farm_session
         WHERE (scope, id) IN (SELECT scope, id FROM farm_session
                                WHERE expires_at > 0 AND expires_at <= ? LIMIT ? FOR UPDATE SKIP LOCKED)""";

    private final DataSource dataSource;
    private final PostgresOutages outages;

    /** @param location where the database is, for error messages (a JDBC URL without credentials) */
    public PostgresSessionDataStore(SessionSettings config, SessionCodec codec, MeterRegistry meters,
                                    DataSource dataSource, String location)
    {
        super("postgres", config, codec, meters);
        this.dataSource = dataSource;
        this.outages = new PostgresOutages(location);
    }

    /** synchronous_commit off acknowledges before the commit is on disk: kill -9 then loses the last moment. */
    @Override
    protected Durability checkDurability() throws SQLException
    {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(DURABILITY_SETTINGS);
             ResultSet rs = ps.executeQuery())
        {
            rs.next();
            boolean fsync = rs.getString(1).equals("on");
            boolean synchronousCommit = !rs.getString(2).equals("off");
            return fsync && synchronousCommit ? Durability.DURABLE : Durability.WRITTEN_SOON;
        }
    }

    @Override
    protected LoadedSession loadStored(String id) throws SQLException
    {
        return loadStored(id, 0);
    }

    /**
     * Rows carry a value only for attributes written after {@code knownVersion} (all of them when it is 0 or newer
     * than the stored version, which means another session under this id); the other rows name the attributes
     * kept, so a removal shows as a name missing. No tombstones: written_version already says what is new.
     */
    @Override
    protected LoadedSession loadStored(String id, long knownVersion) throws SQLException
    {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(LOAD))
        {
            ps.setLong(1, knownVersion);
            ps.setLong(2, knownVersion);
            ps.setString(3, scope());
            ps.setString(4, id);
            try (ResultSet rs = ps.executeQuery())
            {
                if (!rs.next())
                    return null;
                SessionMetadata metadata = new SessionMetadata(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                    rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getString(7));
                long version = rs.getLong(8);
                Map<String, byte[]> attributes = new HashMap<>();
                Set<String> kept = new HashSet<>();
                do
                {
                    String name = rs.getString(9);
                    byte[] value = rs.getBytes(10);
                    if (name != null && value != null)
                        attributes.put(name, value);
                    else if (name != null)
                        kept.add(name);
                }
                while (rs.next());
                LoadedSession.Kind kind = knownVersion <= 0 || version < knownVersion ? LoadedSession.Kind.FULL
                    : version == knownVersion ? LoadedSession.Kind.UNCHANGED : LoadedSession.Kind.DELTA;
                return new LoadedSession(kind, metadata, version, attributes, kept);
            }
        }
        catch (SQLException e)
        {
            throw outages.translate(e);
        }
    }

    @Override
    protected SaveResult saveStored(SaveRequest save) throws SQLException
    {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(SAVE))
        {
            SessionMetadata m = save.metadata();
            String[] names = save.set().keySet().toArray(new String[0]);
            byte[][] values = new byte[names.length][];
            for (int i = 0; i < names.length; i++)
                values[i] = save.set().get(names[i]);
            ps.setString(1, save.scope());
            ps.setString(2, save.id());
            ps.setBoolean(3, save.replace());
            ps.setLong(4, save.baseVersion());
            ps.setLong(5, m.created());
            ps.setLong(6, m.accessed());
            ps.setLong(7, m.lastAccessed());
            ps.setLong(8, m.cookieSet());
            ps.setLong(9, m.maxInactiveMs());
            ps.setLong(10, m.expiry());
            ps.setString(11, m.lastNode());
            ps.setArray(12, c.createArrayOf("text", names));
            ps.setArray(13, c.createArrayOf("bytea", values));
            ps.setArray(14, c.createArrayOf("text", save.removed().toArray(new String[0])));
            try (ResultSet rs = ps.executeQuery())
            {
                return rs.next() ? SaveResult.saved(rs.getLong(1), rs.getInt(2)) : SaveResult.notFound();
            }
        }
        catch (SQLException e)
        {
            throw outages.translate(e);
        }
    }

    @Override
    protected void touchStored(String id, SessionMetadata m) throws SQLException
    {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(TOUCH))
        {
            ps.setLong(1, m.accessed());
            ps.setLong(2, m.lastAccessed());
            ps.setLong(3, m.cookieSet());
            ps.setLong(4, m.maxInactiveMs());
            ps.setLong(5, m.expiry());
            ps.setString(6, m.lastNode());
            ps.setString(7, scope());
            ps.setString(8, id);
            ps.setLong(9, m.accessed());
            ps.executeUpdate();
        }
        catch (SQLException e)
        {
            throw outages.translate(e);
        }
    }

    @Override
    protected boolean deleteStored(String id, long onlyIfExpiredAt) throws SQLException
    {
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement(onlyIfExpiredAt > 0 ? DELETE_IF_EXPIRED : DELETE))
        {
            ps.setString(1, scope());
            ps.setString(2, id);
            if (onlyIfExpiredAt > 0)
                ps.setLong(3, onlyIfExpiredAt);
            return ps.executeUpdate() > 0;
        }
        catch (SQLException e)
        {
            throw outages.translate(e);
        }
    }

    @Override
    protected boolean existsStored(String id, long now) throws SQLException
    {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(EXISTS))
        {
            ps.setString(1, scope());
            ps.setString(2, id);
            ps.setLong(3, now);
            try (ResultSet rs = ps.executeQuery())
            {
                return rs.next();
            }
        }
        catch (SQLException e)
        {
            throw outages.translate(e);
        }
    }

    @Override
    protected Set<String> expiredAmong(Set<String> candidates, long now) throws SQLException
    {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(LIVE_AMONG))
        {
            Array ids = c.createArrayOf("text", candidates.toArray(new String[0]));
            ps.setString(1, scope());
            ps.setArray(2, ids);
            ps.setLong(3, now);
            Set<String> expired = new HashSet<>(candidates);
            try (ResultSet rs = ps.executeQuery())
            {
                while (rs.next())
                    expired.remove(rs.getString(1));
            }
            return expired;
        }
        catch (SQLException e)
        {
            throw outages.translate(e);
        }
    }

    @Override
    protected Set<String> claimExpired(long before, int limit, String claimant, long claimTtlMs, long now)
        throws SQLException
    {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(CLAIM_EXPIRED))
        {
            ps.setString(1, claimant);
            ps.setLong(2, now + claimTtlMs);
            ps.setString(3, scope());
            ps.setLong(4, before);
            ps.setLong(5, now);
            ps.setInt(6, limit);
            Set<String> claimed = new LinkedHashSet<>();
            try (ResultSet rs = ps.executeQuery())
            {
                while (rs.next())
                    claimed.add(rs.getString(1));
            }
            return claimed;
        }
        catch (SQLException e)
        {
            throw outages.translate(e);
        }
    }

    @Override
    protected int cleanOrphans(long before, int limit) throws SQLException
    {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(CLEAN_ORPHANS))
        {
            ps.setLong(1, before);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        }
        catch (SQLException e)
        {
            throw outages.translate(e);
        }
    }

    @Override
    public long storedSessions() throws SQLException
    {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(COUNT);
             ResultSet rs = ps.executeQuery())
        {
            rs.next();
            return rs.getLong(1);
        }
        catch (SQLException e)
        {
            throw outages.translate(e);
        }
    }

    private Connection connection() throws SQLException
    {
        return dataSource.getConnection();
    }
}
