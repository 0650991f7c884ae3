package dev.sessionfarm.webapp.ops;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

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
 * the demo database answer. 200 when both do, 503 otherwise (a balancer or an operator can act on it).
 */
public final class HealthServlet extends HttpServlet
{
    private static final long serialVersionUID = 1L;
    private static final String OK = "ok";

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
        String storeState = storeState();
        String databaseState = databaseState();
        boolean healthy = OK.equals(storeState) && OK.equals(databaseState);
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", healthy ? OK : "unavailable");
        health.put("node", node.name());
        health.put("mode", node.mode());
        health.put("pid", ProcessHandle.current().pid());
        health.put("uptimeSeconds", node.uptime().toSeconds());
        health.put("requests", RequestMetrics.served(registry));
        health.put("sessionStore", storeState);
        health.put("database", databaseState);
        response.setStatus(healthy ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(new JSON().toJSON(health));
    }

    private String storeState()
    {
        if (store == null)
            return "in memory";
        try
        {
            store.exists("health-check");
            return OK;
        }
        catch (SessionStoreUnavailableException e)
        {
            return "unavailable";
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
            return c.isValid(2) ? OK : "unavailable";
        }
        catch (SQLException e)
        {
            return "unavailable";
        }
    }
}
