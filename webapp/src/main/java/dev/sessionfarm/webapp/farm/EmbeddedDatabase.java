package dev.sessionfarm.webapp.farm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The farm's database when no JDBC URL is given: an embedded PostgreSQL (binaries shipped in this jar, so a fresh
 * machine needs nothing installed) in a data directory that is removed when it stops. It runs in a child process
 * of its own, so that it is stopped even when the launcher is killed outright ({@link FarmChild}).
 */
public final class EmbeddedDatabase
{
    static final String READY = "JDBC URL: ";

    private EmbeddedDatabase()
    {
    }

    /** {@code EmbeddedDatabase <data directory>}: prints the JDBC URL, then runs until stopped. */
    public static void main(String[] args) throws Exception
    {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
            .setDataDirectory(Path.of(args[0]))
            .setCleanDataDirectory(true)
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            try
            {
                postgres.close();
            }
            catch (Exception e)
            {
                System.err.println("Stopping the embedded PostgreSQL failed: " + e);
            }
            stopped.countDown();
        }, "database-stop"));
        System.out.println(READY + postgres.getJdbcUrl("postgres", "postgres"));
        stopped.await();
    }
}
