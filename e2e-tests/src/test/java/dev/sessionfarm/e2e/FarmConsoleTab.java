package dev.sessionfarm.e2e;

import java.net.URI;
import java.time.Duration;

import dev.sessionfarm.e2e.web.Chromium;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The farm console in a tab of its own: press a node's "Restart", and later see it running again. */
final class FarmConsoleTab
{
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final WebDriver driver;
    private final String returnTo;
    private final String tab;
    private final String node;
    private final String pid;

    private FarmConsoleTab(WebDriver driver, String returnTo, String tab, String node, String pid)
    {
        this.driver = driver;
        this.returnTo = returnTo;
        this.tab = tab;
        this.node = node;
        this.pid = pid;
    }

    /** Opens the console in a new tab, presses the node's restart button, and goes back to the tab it came from. */
    static FarmConsoleTab restart(Chromium chromium, URI shop, String node, String screenshot)
    {
        WebDriver driver = chromium.driver();
        String returnTo = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(shop.resolve("/_farm/").toString());
        String pid = driver.findElement(By.cssSelector("#" + node + " .pid")).getText();
        chromium.screenshot(screenshot + "-2-console");
        driver.findElement(By.cssSelector("#" + node + " form button")).click();
        FarmConsoleTab console = new FarmConsoleTab(driver, returnTo, driver.getWindowHandle(), node, pid);
        driver.switchTo().window(returnTo);
        return console;
    }

    /** Waits, in the console's tab, until the node runs again with a new pid; then closes that tab. */
    void awaitRestarted(Chromium chromium, String screenshot)
    {
        driver.switchTo().window(tab);
        new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
            .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
            {
                d.navigate().refresh();
                String state = d.findElement(By.cssSelector("#" + node + " .state")).getText();
                String now = d.findElement(By.cssSelector("#" + node + " .pid")).getText();
                return state.equals("running") && !now.equals(pid) && !now.equals("0");
            });
        chromium.screenshot(screenshot + "-3-console-restarted");
        driver.close();
        driver.switchTo().window(returnTo);
    }
}
