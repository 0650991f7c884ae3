package dev.sessionfarm.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import dev.sessionfarm.e2e.farm.FarmLauncher;
import dev.sessionfarm.e2e.farm.Leftovers;
import dev.sessionfarm.e2e.farm.Mode;
import dev.sessionfarm.e2e.web.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Autosave in Chromium (the page script /static/form.js, allowed by the CSP as 'self'): a person types, never
 * presses a button, and what they typed is in the store; the node that served the page is restarted from the
 * console while they go on typing, and the last value of every field is the one kept.
 */
class AutosaveIT
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    private WebDriver driver;

    @Test
    void whatIsTypedIsSavedWithoutAButtonAndTheLastValueWinsAcrossARestart()
    {
        assumeTrue(Chromium.installed(), "chromium and chromium-driver are not installed");
        try (FarmLauncher farm = FarmLauncher.start(Mode.STATE_SERVER, 2);
             Chromium chromium = Chromium.start("autosave"))
        {
            driver = chromium.driver();
            URI shop = farm.uri();
            driver.get(shop.resolve("/order").toString());
            WebElement name = driver.findElement(By.id("name"));
            typeAndAwaitSave(name, "Ada");
            String node = driver.findElement(By.cssSelector(".site-footer .node")).getText();
            FarmConsoleTab console = FarmConsoleTab.restart(chromium, shop, node, "autosave");
            for (String part : List.of(" King", ",", " Countess", " of", " Lovelace"))
                typeAndAwaitSave(name, part);
            typeAndAwaitSave(driver.findElement(By.id("email")), "ada@example.com");
            chromium.screenshot("saved-while-typing");
            console.awaitRestarted(chromium, "autosave");
            typeAndAwaitSave(driver.findElement(By.id("phone")), "+44 20 7946 0018");
            for (int look = 1; look <= 2; look++)
            {
                driver.get(shop.resolve("/order/customer").toString());
                String servedBy = driver.findElement(By.cssSelector(".site-footer .node")).getText();
                assertEquals("Ada King, Countess of Lovelace", valueOf("name"), "name, as read on " + servedBy);
                assertEquals("ada@example.com", valueOf("email"), "email, as read on " + servedBy);
                assertEquals("+44 20 7946 0018", valueOf("phone"), "phone, as read on " + servedBy);
            }

            driver.get(shop.resolve("/survey/page/1").toString());
            driver.findElement(By.cssSelector("input[name='q.heard']")).findElement(By.xpath("..")).click();
            awaitSaves(1);
            driver.get(shop.resolve("/survey/page/1").toString());
            assertTrue(driver.findElement(By.cssSelector("input[name='q.heard']")).isSelected(),
                "a choice ticked and never sent is kept");
        }
    }

    /**
     * The timeout warning, with a 12 s session timeout: it appears a quarter before the end (9 s), "Keep working"
     * renews the session in the store (the request may reach the other node), and the session is still there
     * after the first deadline has passed: a field typed then is saved, not answered "session ended".
     */
    @Test
    void aWarningBeforeTheSessionEndsAndItsButtonRenewsIt()
    {
        assumeTrue(Chromium.installed(), "chromium and chromium-driver are not installed");
        try (FarmLauncher farm = FarmLauncher.start(Mode.STATE_SERVER, 2, List.of("--timeout", "12s"));
             Chromium chromium = Chromium.start("timeout"))
        {
            driver = chromium.driver();
            driver.get(farm.uri().resolve("/order").toString());
            long loaded = System.nanoTime();
            WebElement warning = driver.findElement(By.id("timeout-warning"));
            waitUntil(d -> warning.isDisplayed());
            assertTrue(warning.getText().startsWith("Your session ends at "), warning.getText());
            chromium.screenshot("warning");
            driver.findElement(By.id("timeout-extend")).click();
            waitUntil(d -> !warning.isDisplayed());
            assertTrue(driver.findElement(By.id("autosave-status")).getText().startsWith("Your session was renewed"));
            waitUntil(d -> warning.isDisplayed());
            assertTrue(System.nanoTime() - loaded > Duration.ofSeconds(12).toNanos(),
                "the second warning comes after the first deadline");
            typeAndAwaitSave(driver.findElement(By.id("name")), "Still here");
        }
    }

    /** Types into a field and waits until the page says one more save was made. */
    private void typeAndAwaitSave(WebElement field, String text)
    {
        int before = saves();
        field.sendKeys(text);
        awaitSaves(before + 1);
    }

    private void awaitSaves(int atLeast)
    {
        waitUntil(d -> saves() >= atLeast);
        String said = driver.findElement(By.id("autosave-status")).getText();
        assertTrue(said.startsWith("Saved at "), "the status tells the person: " + said);
    }

    private int saves()
    {
        String count = driver.findElement(By.id("autosave-status")).getAttribute("data-saves");
        return count == null ? 0 : Integer.parseInt(count);
    }

    private String valueOf(String id)
    {
        return driver.findElement(By.id(id)).getAttribute("value");
    }

    private void waitUntil(Function<WebDriver, Boolean> condition)
    {
        new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
            .until(condition::apply);
    }

    @AfterAll
    static void nothingLeftBehind()
    {
        assertTrue(Leftovers.alive().isEmpty(), () -> "processes left behind: " + Leftovers.alive());
    }
}
