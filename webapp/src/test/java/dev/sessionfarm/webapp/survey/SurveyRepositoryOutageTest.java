package dev.sessionfarm.webapp.survey;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import dev.sessionfarm.testing.TestPostgres;
import dev.sessionfarm.webapp.node.DemoDatabase;
import org.eclipse.jetty.http.HttpException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database dies under a final submit: the insert fails, and so does the rollback on the dropped connection. The
 * person must get the 503 page ("please retry"), not a 500; the rollback's failure once replaced the outage.
 */
class SurveyRepositoryOutageTest
{
    @Test
    void aConnectionKilledUnderTheInsertIsAnOutageNotABug() throws Exception
    {
        String url = TestPostgres.shared().newDatabase();
        try (HikariDataSource pool = DemoDatabase.open(url, "outage-test"))
        {
            SurveyRepository responses = new SurveyRepository(pool);
            List<SurveyRepository.Answer> answers = List.of(new SurveyRepository.Answer("q1", 1, "yes"));
            responses.store(UUID.randomUUID(), "node1", answers);
            // The pool hands the connection just used back without checking it (used moments ago): kill its backend.
            try (Connection admin = DriverManager.getConnection(url);
                 Statement s = admin.createStatement();
                 ResultSet killed = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
            {
                assertTrue(killed.next() && killed.getInt(1) > 0, "the pool's connections had backends to kill");
            }
            RuntimeException failure = assertThrows(RuntimeException.class,
                () -> responses.store(UUID.randomUUID(), "node1", answers));
            assertTrue(failure instanceof HttpException, "an outage, not a bug: " + failure);
            assertEquals(503, ((HttpException)failure).getCode(), failure.toString());
        }
    }
}
