package example;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/** Counts a visitor's requests in their session, and keeps the last one as an allowed application record. */
public class VisitsServlet extends HttpServlet
{
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        HttpSession session = request.getSession();
        Integer visits = (Integer)session.getAttribute("visits");
        int now = visits == null ? 1 : visits + 1;
        session.setAttribute("visits", now);
        session.setAttribute("draft", new App.OrderDraft("visit " + now));
        response.setContentType("text/plain");
        response.getWriter().print(now);
    }
}
