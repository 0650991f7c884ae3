package dev.sessionfarm.e2e.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (Deque's accessibility rules engine, from its webjar) run on the page a browser shows. The script is
 * injected through the driver, which page CSP does not govern, so the pages need no exception for it.
 */
public final class Axe
{
    private static final String SOURCE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
    private static final String RUN = """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']}).then(result => done(result.violations.map(v =>
            ({rule: v.id, impact: v.impact || 'unknown',
              where: v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}))));
        """;

    private static String script;

    /** One rule the page breaks: its id, how bad (minor, moderate, serious, critical) and up to three places. */
    public record Violation(String rule, String impact, String where)
    {
        public boolean seriousOrWorse()
        {
            return impact.equals("serious") || impact.equals("critical");
        }

        @Override
        public String toString()
        {
            return rule + " (" + impact + ") at " + where;
        }
    }

    private Axe()
    {
    }

    public static List<Violation> check(WebDriver driver)
    {
        JavascriptExecutor js = (JavascriptExecutor)driver;
        js.executeScript(source() + "\nwindow.axe = axe;");
        @SuppressWarnings("unchecked")
        List<Map<String, String>> found = (List<Map<String, String>>)js.executeAsyncScript(RUN);
        return found.stream().map(v -> new Violation(v.get("rule"), v.get("impact"), v.get("where"))).toList();
    }

    private static synchronized String source()
    {
        if (script == null)
        {
            try (InputStream in = Axe.class.getClassLoader().getResourceAsStream(SOURCE))
            {
                if (in == null)
                    throw new IllegalStateException(
                        SOURCE + " is not on the test classpath (org.webjars.npm:axe-core)");
                script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }
}
