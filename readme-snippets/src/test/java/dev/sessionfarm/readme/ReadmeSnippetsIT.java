package dev.sessionfarm.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.store.stateserver.StateServerProcess;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's "add it to your project" snippets, pasted as a user pastes them into a project of their own: a separate
 * Maven build whose pom holds README's dependency snippet and whose application's start is README's Java snippet
 * (a servlet added where the snippet's comment says servlets go). It resolves the project's artifacts only from a
 * repository that holds what {@code mvn install} would have put there (invoker:install), everything else from this
 * machine's Maven cache, offline. Its own test runs the application on a real state server and restarts it: the
 * visit count must go on.
 */
class ReadmeSnippetsIT
{
    private static final Path ROOT = Path.of(System.getProperty("sessionfarm.root", "..")).toAbsolutePath().normalize();
    private static final Path OUTPUT = Path.of(System.getProperty("snippet.output", "target"));
    private static final String MARKER = "<!-- checked by readme-snippets: %s -->";
    private static final String SERVLETS_GO_HERE = "// ... add servlets ...";
    private static final Pattern IMPORTED_TYPE = Pattern.compile("\\b(Server|ServletContextHandler|SessionState|"
        + "SessionSettings|Map)\\b");

    @Test
    void theSnippetsBuildAProjectWhoseSessionsOutliveARestart() throws Exception
    {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String maven = block(readme, "maven", "xml");
        String java = block(readme, "jetty", "java");
        assertTrue(maven.contains("<version>" + System.getProperty("sessionfarm.version") + "</version>"),
            "README's Maven snippet names this build's version " + System.getProperty("sessionfarm.version") + ":\n"
                + maven);
        assertTrue(java.contains(SERVLETS_GO_HERE), "README's Java snippet says where servlets go: " + java);

        Path project = OUTPUT.resolve("readme-snippet-project");
        deleteRecursively(project);
        try (StateServerProcess stateServer = StateServerProcess.start(false))
        {
            writeProject(project, maven, java, stateServer);
            Path log = OUTPUT.resolve("readme-snippet-build.log");
            int exit = build(project, log);
            String output = Files.readString(log);
            assertEquals(0, exit, "the snippet project's build failed:\n" + output);
            Path report = project.resolve("target/surefire-reports/TEST-example.AppTest.xml");
            assertTrue(Files.exists(report), "the snippet project's test did not run:\n" + output);
            String xml = Files.readString(report);
            assertTrue(xml.contains("tests=\"1\"") && xml.contains("failures=\"0\"") && xml.contains("errors=\"0\""),
                xml);
        }
    }

    /** The fenced block right after README's marker for {@code name}. */
    private static String block(String readme, String name, String language)
    {
        String marker = String.format(MARKER, name);
        int at = readme.indexOf(marker);
        assertTrue(at >= 0, "README.md has no " + marker);
        Matcher fence = Pattern.compile("\\s*```" + language + "\\n(.*?)\\n```", Pattern.DOTALL)
            .matcher(readme.substring(at + marker.length()));
        assertTrue(fence.lookingAt(), "README.md: a ```" + language + " block must follow " + marker);
        return fence.group(1);
    }

    private static void writeProject(Path project, String maven, String java, StateServerProcess stateServer)
        throws IOException
    {
        Path sources = Files.createDirectories(project.resolve("src/main/java/example"));
        Path tests = Files.createDirectories(project.resolve("src/test/java/example"));
        int dependenciesEnd = maven.lastIndexOf("</dependencies>");
        assertTrue(dependenciesEnd >= 0, "README's Maven snippet has a <dependencies> section: " + maven);
        String withJUnit = maven.substring(0, dependenciesEnd) + """
              <dependency>
                <groupId>org.junit.jupiter</groupId>
                <artifactId>junit-jupiter</artifactId>
                <version>%s</version>
                <scope>test</scope>
              </dependency>
            """.formatted(System.getProperty("snippet.junitVersion")) + maven.substring(dependenciesEnd);
        Files.writeString(project.resolve("pom.xml"), resource("pom.xml.template")
            .replace("@MAVEN_SNIPPET@", withJUnit)
            .replace("@COMPILER_PLUGIN_VERSION@", System.getProperty("snippet.compilerPluginVersion"))
            .replace("@RESOURCES_PLUGIN_VERSION@", System.getProperty("snippet.resourcesPluginVersion"))
            .replace("@SUREFIRE_PLUGIN_VERSION@", System.getProperty("snippet.surefirePluginVersion"))
            .replace("@STATE_SERVER@", stateServer.address())
            .replace("@STATE_SERVER_KEY_FILE@", stateServer.keyFile().toString()));
        String body = java.replace(SERVLETS_GO_HERE, "context.addServlet(VisitsServlet.class, \"/visits\");")
            .indent(8);
        Files.writeString(sources.resolve("App.java"), resource("App.java.template")
            .replace("@JAVA_IMPORTS@", imports(java)).replace("@JAVA_SNIPPET@", body.stripTrailing()));
        Files.writeString(sources.resolve("VisitsServlet.java"), resource("VisitsServlet.java"));
        Files.writeString(tests.resolve("AppTest.java"), resource("AppTest.java"));
    }

    /** The imports the snippet leaves out, as an IDE adds them: only the types it uses. */
    private static String imports(String java)
    {
        List<String> imports = new ArrayList<>();
        Matcher used = IMPORTED_TYPE.matcher(java);
        while (used.find())
        {
            String line = "import " + switch (used.group(1))
            {
                case "Server" -> "org.eclipse.jetty.server.Server";
                case "ServletContextHandler" -> "org.eclipse.jetty.ee10.servlet.ServletContextHandler";
                case "SessionState" -> "dev.sessionfarm.session.ee10.SessionState";
                case "SessionSettings" -> "dev.sessionfarm.session.config.SessionSettings";
                default -> "java.util.Map";
            } + ";";
            if (!imports.contains(line))
                imports.add(line);
        }
        return String.join("\n", imports);
    }

    /**
     * {@code mvn test} of the snippet project: the project's own artifacts only from the invoker's repository,
     * everything else (plugins, Jetty, JUnit) from this machine's Maven cache as if it were Maven Central.
     */
    private static int build(Path project, Path log) throws Exception
    {
        Path settings = project.resolve("settings.xml");
        Files.writeString(settings, """
            <settings>
              <mirrors>
                <mirror>
                  <id>this-machines-maven-cache</id>
                  <mirrorOf>*</mirrorOf>
                  <url>%s</url>
                </mirror>
              </mirrors>
            </settings>
            """.formatted(Path.of(System.getProperty("snippet.userRepository")).toUri()));
        Path mvn = Path.of(System.getProperty("snippet.mavenHome"), "bin", "mvn");
        return ChildProcess.command(mvn.toString(), "-B", "-s", settings.toString(),
            "-Dmaven.repo.local=" + Path.of(System.getProperty("snippet.localRepository")).toAbsolutePath(), "test")
            .name("snippet project's build").directory(project).log(log).start().awaitExit(Duration.ofMinutes(5));
    }

    private static String resource(String name) throws IOException
    {
        try (var in = ReadmeSnippetsIT.class.getResourceAsStream("/tiny-project/" + name))
        {
            assertTrue(in != null, "missing resource tiny-project/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException
    {
        if (!Files.exists(dir))
            return;
        try (var paths = Files.walk(dir))
        {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList())
                Files.delete(path);
        }
    }
}
