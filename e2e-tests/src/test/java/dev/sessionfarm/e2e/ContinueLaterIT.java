package dev.sessionfarm.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import dev.sessionfarm.e2e.farm.FarmLauncher;
import dev.sessionfarm.e2e.farm.Leftovers;
import dev.sessionfarm.e2e.farm.Mode;
import dev.sessionfarm.e2e.web.Axe;
import dev.sessionfarm.e2e.web.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * "Continue later" as a person uses it: on a desktop browser they fill in part of the order and ask for a code;
 * the node that saved it is restarted from the console; on a phone (another browser, a fresh profile: no cookie
 * of the first), reading German, they open the link, and the answers are back. The code then works no more.
 */
class ContinueLaterIT
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aDraftSavedOnOneBrowserComesBackOnAnotherAfterANodeRestart()
    {
        assumeTrue(Chromium.installed(), "chromium and chromium-driver are not installed");
        try (FarmLauncher farm = FarmLauncher.start(Mode.STATE_SERVER, 2))
        {
            URI shop = farm.uri();
            String link;
            String code;
            try (Chromium desktop = Chromium.start("continue-desktop"))
            {
                WebDriver driver = desktop.driver();
                driver.manage().window().setSize(new Dimension(1024, 900));
                driver.get(shop.resolve("/order").toString());
                driver.findElement(By.id("name")).sendKeys("Katherine Johnson");
                driver.findElement(By.id("email")).sendKeys("kj@example.com");
                press(driver, "button[name=nav][value=next]");
                driver.findElement(By.id("street")).sendKeys("1 Langley Blvd");
                driver.findElement(By.id("city")).sendKeys("Hampton");
                // Not complete (no postcode, no country): "Continue later" keeps it as typed.
                press(driver, "button[name=nav][value=later]");
                code = driver.findElement(By.id("resume-code")).getText();
                link = driver.findElement(By.id("resume-link")).getAttribute("href");
                assertTrue(code.matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"), code);
                assertEquals(shop.resolve("/continue?code=" + code).toString(), link, "the link leads back here");
                assertEquals(List.of(), Axe.check(driver).stream().filter(Axe.Violation::seriousOrWorse).toList());
                desktop.screenshot("saved");
                String node = driver.findElement(By.cssSelector(".site-footer .node")).getText();
                FarmConsoleTab.restart(desktop, shop, node, "continue").awaitRestarted(desktop, "continue");
            }

            try (Chromium phone = Chromium.start("continue-phone"))
            {
                WebDriver driver = phone.driver();
                driver.manage().window().setSize(new Dimension(375, 812));
                // This person reads German: the switch in the page header, kept for the session.
                driver.get(shop.resolve("/").toString());
                press(driver, "a.lang-switch");
                assertEquals("de", driver.findElement(By.tagName("html")).getAttribute("lang"));
                phone.screenshot("home-de");
                driver.get(link);
                assertEquals(code, driver.findElement(By.id("code")).getAttribute("value"),
                    "the link fills the code in");
                phone.screenshot("enter");
                press(driver, "form[action='/continue'] button[type=submit]");
                waitUntil(driver, d -> d.getCurrentUrl().endsWith("/order/shipping"));
                assertTrue(driver.findElement(By.cssSelector(".notice")).getText().startsWith("Willkommen zurück"));
                assertEquals("Lieferadresse", driver.findElement(By.tagName("h1")).getText());
                assertEquals("1 Langley Blvd", driver.findElement(By.id("street")).getAttribute("value"));
                assertEquals("Hampton", driver.findElement(By.id("city")).getAttribute("value"));
                phone.screenshot("restored");
                driver.get(shop.resolve("/order/customer").toString());
                assertEquals("Katherine Johnson", driver.findElement(By.id("name")).getAttribute("value"));

                driver.get(link);
                press(driver, "form[action='/continue'] button[type=submit]");
                waitUntil(driver, d -> d.getTitle().startsWith("Fehler: "));
                assertTrue(driver.findElement(By.id("code-error")).getText().contains("schon benutzt"));
                assertEquals(List.of(), Axe.check(driver).stream().filter(Axe.Violation::seriousOrWorse).toList());
                phone.screenshot("used");
            }
        }
    }

    /** Clicks, then waits for the next page (a mark on the old page's window: the next one has none). */
    private static void press(WebDriver driver, String css)
    {
        JavascriptExecutor js = (JavascriptExecutor)driver;
        js.executeScript("window.sessionFarmOldPage = true;");
        driver.findElement(By.cssSelector(css)).click();
        new WebDriverWait(driver, WAIT).ignoring(WebDriverException.class).until(d -> Boolean.TRUE.equals(js
            .executeScript("return !window.sessionFarmOldPage && document.readyState === 'complete';")));
    }

    private static void waitUntil(WebDriver driver, Function<WebDriver, Boolean> condition)
    {
        new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
            .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    }

    @AfterAll
    static void nothingLeftBehind()
    {
        assertTrue(Leftovers.alive().isEmpty(), () -> "processes left behind: " + Leftovers.alive());
    }
}
