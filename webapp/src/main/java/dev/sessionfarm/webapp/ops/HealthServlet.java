package dev.sessionfarm.webapp.ops;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import dev.sessionfarm.session.store.PartitionedSessionDataStore;
import dev.sessionfarm.session.store.PartitionedSessionDataStore.PartitionState;
import dev.sessionfarm.session.store.SessionStoreUnavailableException;
import dev.sessionfarm.webapp.web.NodeInfo;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.util.ajax.JSON;

/**
 * {@code /health}: JSON with this node's name, mode, uptime and requests served, and whether the session store and
 * the demo database answer. 200 when both do, 503 otherwise (a balancer or an operator can act on it). Memory mode
 * has no store outside the node to ask, so there the database alone decides. With sessions in partitions, each
 * partition's session count is listed, and the store is "partly unavailable" while some answer and some do not:
 * the node stays ready, since every other node would fail the same sessions and serve the rest alike.
 * <p>
 * For probes that act differently on the two answers: {@code /health/live} is 200 whenever the process serves and
 * asks nothing else, since restarting a node brings no store back; {@code /health/ready} is {@code /health}'s
 * verdict (take the node out of rotation while it is 503).
 */
public final class HealthServlet extends HttpServlet
{
    private static final long serialVersionUID = 1L;
    private static final String OK = "ok";
    private static final String IN_MEMORY = "in memory";
    private static final String UNAVAILABLE = "unavailable";
    private static final String PARTLY_UNAVAILABLE = "partly unavailable";

    private final transient NodeInfo node;
    private final transient SessionDataStore store;
    private final transient DataSource database;
    private final transient MeterRegistry registry;

    /** @param store null in memory mode, where sessions need nothing outside the node */
    public HealthServlet(NodeInfo node, SessionDataStore store, DataSource database, MeterRegistry registry)
    {
        this.node = node;
        this.store = store;
        this.database = database;
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (path)
        {
            case "" -> health(response);
            case "/live" -> answer(response, true, Map.of("status", OK));
            case "/ready" -> ready(response);
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private void health(HttpServletResponse response) throws IOException
    {
        List<PartitionState> partitions = store instanceof PartitionedSessionDataStore partitioned
            ? partitioned.partitionStates() : List.of();
        String storeState = partitions.isEmpty() ? storeState() : partitionsState(partitions);
        String databaseState = databaseState();
        boolean healthy = ready(storeState, databaseState);
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", healthy ? OK : UNAVAILABLE);
        health.put("node", node.name());
        health.put("mode", node.mode());
        health.put("pid", ProcessHandle.current().pid());
        health.put("uptimeSeconds", node.uptime().toSeconds());
        health.put("requests", RequestMetrics.served(registry));
        health.put("sessionStore", storeState);
        if (!partitions.isEmpty())
        {
            Map<String, Object> sessions = new LinkedHashMap<>();
            partitions.forEach(p -> sessions.put(p.name(), p.answering() ? p.sessions() : UNAVAILABLE));
            health.put("partitions", sessions);
        }
        health.put("database", databaseState);
        answer(response, healthy, health);
    }

    private void ready(HttpServletResponse response) throws IOException
    {
        String storeState = store instanceof PartitionedSessionDataStore partitioned
            ? partitionsState(partitioned.partitionStates()) : storeState();
        String databaseState = databaseState();
        boolean ready = ready(storeState, databaseState);
        Map<String, Object> readiness = new LinkedHashMap<>();
        readiness.put("status", ready ? OK : UNAVAILABLE);
        readiness.put("sessionStore", storeState);
        readiness.put("database", databaseState);
        answer(response, ready, readiness);
    }

    private static boolean ready(String storeState, String databaseState)
    {
        return (OK.equals(storeState) || IN_MEMORY.equals(storeState) || PARTLY_UNAVAILABLE.equals(storeState))
            && OK.equals(databaseState);
    }

    private static String partitionsState(List<PartitionState> partitions)
    {
        long answering = partitions.stream().filter(PartitionState::answering).count();
        return answering == partitions.size() ? OK : answering == 0 ? UNAVAILABLE : PARTLY_UNAVAILABLE;
    }

    private static void answer(HttpServletResponse response, boolean ok, Map<String, Object> body) throws IOException
    {
        response.setStatus(ok ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(new JSON().toJSON(body));
    }

    private String storeState()
    {
        if (store == null)
            return IN_MEMORY;
        try
        {
            store.exists("health-check");
            return OK;
        }
        catch (SessionStoreUnavailableException e)
        {
            return UNAVAILABLE;
        }
        catch (Exception e)
        {
            return "failing";
        }
    }

    private String databaseState()
    {
        try (Connection c = database.getConnection())
        {
            return c.isValid(2) ? OK : UNAVAILABLE;
        }
        catch (SQLException e)
        {
            return UNAVAILABLE;
        }
    }
}
