package dev.sessionfarm.bench.farm;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.bench.load.Latencies;
import dev.sessionfarm.bench.load.Throughput;
import dev.sessionfarm.bench.load.WindowProbe;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.FormRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Fields;

/**
 * Drives a farm with a fixed number of people, each with their own session, each answering survey page 3 over and
 * over: a POST with the page's CSRF token that reads the session and stores a changed answer (303 back to the
 * page). One request in flight per person (a closed loop); asynchronous requests, so the load generator needs no
 * thread per person and takes as little CPU from the farm as it can.
 */
public final class FormStepLoad
{
    static final String PAGE = "survey/page/3";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final long REQUEST_TIMEOUT_SECONDS = 10;

    private FormStepLoad()
    {
    }

    /** One person: their session cookie and the CSRF token of their session. */
    public record Person(String cookie, String csrfToken)
    {
    }

    public static HttpClient newClient(int connections) throws Exception
    {
        HttpClient http = new HttpClient();
        http.setMaxConnectionsPerDestination(connections);
        http.setFollowRedirects(false);
        // Each person keeps their own cookie: a shared store would make them one person.
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.start();
        return http;
    }

    /** Opens survey page 3 as a new visitor: the session is created, and the page carries its token. */
    public static Person visit(HttpClient http, URI base, String cookie) throws Exception
    {
        var request = http.newRequest(base.resolve(PAGE)).timeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (cookie != null)
            request.headers(h -> h.put(HttpHeader.COOKIE, cookie));
        ContentResponse page = request.send();
        if (page.getStatus() != 200)
            throw new IllegalStateException("GET " + PAGE + " answered " + page.getStatus());
        Matcher token = CSRF.matcher(page.getContentAsString());
        if (!token.find())
            throw new IllegalStateException(PAGE + " has no CSRF token");
        String setCookie = page.getHeaders().get(HttpHeader.SET_COOKIE);
        String sessionCookie = setCookie != null ? setCookie.substring(0, setCookie.indexOf(';')) : cookie;
        return new Person(sessionCookie, token.group(1));
    }

    public static Throughput run(HttpClient http, URI base, int people, Duration warmUp, Duration window)
        throws Exception
    {
        return run(http, base, people, warmUp, window, WindowProbe.NONE);
    }

    /** @param probe told when the measured window opens and closes */
    public static Throughput run(HttpClient http, URI base, int people, Duration warmUp, Duration window,
                                 WindowProbe probe)
        throws Exception
    {
        List<Person> persons = new ArrayList<>();
        for (int i = 0; i < people; i++)
            persons.add(visit(http, base, null));
        long windowStart = System.nanoTime() + warmUp.toNanos();
        long windowEnd = windowStart + window.toNanos();
        Thread watcher = WindowProbe.watch(probe, windowStart, windowEnd);
        CountDownLatch done = new CountDownLatch(people);
        AtomicLong counted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Latencies> latencies = new ArrayList<>();
        for (Person person : persons)
        {
            Latencies mine = new Latencies();
            latencies.add(mine);
            new Loop(http, base.resolve(PAGE), person, windowStart, windowEnd, mine, counted, errors, done).next();
        }
        if (!done.await(warmUp.plus(window).toSeconds() + 2 * REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            throw new IllegalStateException("requests still unanswered long after the window closed");
        watcher.join();
        if (errors.get() > Math.max(1, counted.get() / 100))
            throw new IllegalStateException(errors.get() + " form steps failed, " + counted.get() + " succeeded");
        return Throughput.of(counted.get(), errors.get(), window.toNanos() / 1e9, Latencies.merge(latencies));
    }

    /** One person's requests, each sent when the previous one is answered. */
    private record Loop(HttpClient http, URI page, Person person, long windowStart, long windowEnd,
        Latencies latencies, AtomicLong counted, AtomicLong errors, CountDownLatch done)
    {
        void next()
        {
            next(0);
        }

        private void next(int step)
        {
            long began = System.nanoTime();
            if (began >= windowEnd)
            {
                done.countDown();
                return;
            }
            Fields form = new Fields();
            form.put("csrf", person.csrfToken());
            form.put("q.range", String.valueOf(1 + step % 5));
            form.put("q.missing", "More loose-leaf oolong, please (" + step % 7 + ")");
            http.newRequest(page).method(HttpMethod.POST).timeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .headers(h -> h.put(HttpHeader.COOKIE, person.cookie()))
                .body(new FormRequestContent(form))
                .send(result ->
                {
                    long elapsed = System.nanoTime() - began;
                    boolean ok = result.isSucceeded() && result.getResponse().getStatus() == 303;
                    if (began >= windowStart)
                    {
                        synchronized (latencies)
                        {
                            if (ok)
                                latencies.record(elapsed);
                        }
                        (ok ? counted : errors).incrementAndGet();
                    }
                    next(step + 1);
                });
        }
    }
}
