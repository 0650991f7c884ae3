package dev.sessionfarm.session.jettyhome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A WAR as a user deploys one, built here: an exploded folder with WEB-INF/web.xml and one servlet, compiled against
 * the Servlet API jar of the jetty-home it runs in. The servlet counts visits in the session, in an object of the
 * WAR's own class {@code demo.Visits} (which the jetty-base allows for our codec with {@code session.allowedClasses},
 * and which the store must load with the WAR's class loader), and answers "COUNT PORT", the port telling which
 * server answered.
 */
final class CounterWebapp
{
    private static final String SERVLET = """
        package demo;

        import java.io.IOException;
        import jakarta.servlet.http.HttpServlet;
        import jakarta.servlet.http.HttpServletRequest;
        import jakarta.servlet.http.HttpServletResponse;
        import jakarta.servlet.http.HttpSession;

        public class CounterServlet extends HttpServlet
        {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
            {
                HttpSession session = request.getSession();
                Visits visits = (Visits)session.getAttribute("visits");
                visits = new Visits(visits == null ? 1 : visits.count() + 1);
                session.setAttribute("visits", visits);
                response.setContentType("text/plain");
                response.getWriter().print(visits.count() + " " + request.getLocalPort());
            }
        }
        """;

    private static final String VISITS = """
        package demo;

        public final class Visits
        {
            private int count;

            public Visits(int count)
            {
                this.count = count;
            }

            public int count()
            {
                return count;
            }
        }
        """;

    private static final String WEB_XML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
          <servlet>
            <servlet-name>counter</servlet-name>
            <servlet-class>demo.CounterServlet</servlet-class>
          </servlet>
          <servlet-mapping>
            <servlet-name>counter</servlet-name>
            <url-pattern>/</url-pattern>
          </servlet-mapping>
        </web-app>
        """;

    private CounterWebapp()
    {
    }

    /** Writes the exploded WAR to {@code dir} (deployed at /{@code dir}'s name). */
    static void build(Path dir) throws IOException
    {
        // Not next to the WAR: the deployer would deploy any folder in webapps/.
        Path source = Files.createTempDirectory("counter-src").resolve("demo/CounterServlet.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, SERVLET, StandardCharsets.UTF_8);
        Path visits = source.resolveSibling("Visits.java");
        Files.writeString(visits, VISITS, StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(dir.resolve("WEB-INF/classes"));
        Files.writeString(dir.resolve("WEB-INF/web.xml"), WEB_XML, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path servletApi = JettyBase.JETTY_HOME.resolve("lib/jakarta.servlet-api-6.0.0.jar");
        int status = javac.run(null, null, null, List.of("--release", "17", "-proc:none", "-cp", servletApi.toString(),
            "-d", classes.toString(), source.toString(), visits.toString()).toArray(String[]::new));
        JettyBase.deleteTree(source.getParent().getParent());
        if (status != 0)
            throw new IOException("Compiling the counter servlet failed (" + status + ")");
    }
}
