package example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The snippet's application on the state server the build gave it in SESSION_* variables: a visit count outlives the application. */
class AppTest
{
    @Test
    void theVisitCountOutlivesARestartOfTheApplication() throws Exception
    {
        HttpClient http = HttpClient.newHttpClient();
        String cookie;
        Server first = App.start(0);
        try
        {
            HttpResponse<String> one = http.send(request(first, null), HttpResponse.BodyHandlers.ofString());
            assertEquals("1", one.body());
            cookie = one.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertEquals("2", http.send(request(first, cookie), HttpResponse.BodyHandlers.ofString()).body());
        }
        finally
        {
            first.stop();
        }
        Server second = App.start(0);
        try
        {
            assertEquals("3", http.send(request(second, cookie), HttpResponse.BodyHandlers.ofString()).body());
        }
        finally
        {
            second.stop();
        }
    }

    private static HttpRequest request(Server server, String cookie)
    {
        int port = ((ServerConnector)server.getConnectors()[0]).getLocalPort();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/visits"));
        if (cookie != null)
            builder.header("Cookie", cookie);
        return builder.build();
    }
}
