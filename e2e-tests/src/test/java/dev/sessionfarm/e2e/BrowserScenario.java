package dev.sessionfarm.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sessionfarm.e2e.farm.FarmLauncher;
import dev.sessionfarm.e2e.farm.Mode;
import dev.sessionfarm.e2e.users.ShopRecords;
import dev.sessionfarm.e2e.web.Chromium;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 7 for one mode: Chromium fills in the order form, then the survey, through the farm's balancer; half-way
 * through each, the node that served the last page is restarted by pressing its button on the farm console in
 * another tab, and the person carries on. In memory mode the page says the session was lost instead.
 */
final class BrowserScenario
{
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final Mode mode;
    private final FarmLauncher farm;
    private final Chromium chromium;
    private final WebDriver driver;
    private final URI shop;

    BrowserScenario(Mode mode, FarmLauncher farm, Chromium chromium)
    {
        this.mode = mode;
        this.farm = farm;
        this.chromium = chromium;
        this.driver = chromium.driver();
        this.shop = farm.uri();
    }

    /** @return the confirmation number, or null when (memory mode) the session was lost */
    String order()
    {
        String tag = Tags.next("s7o");
        String email = tag + "@example.com";
        driver.get(shop.resolve("/order").toString());
        type("name", "Ada in " + mode);
        type("email", email);
        type("phone", "+351 21 000 0007");
        next("Shipping address");
        type("street", "1 Rua Augusta");
        type("postcode", "1100-048");
        type("city", "Lisboa");
        type("country", "Portugal");
        next("Items");
        for (String sku : List.of("TEA-GREEN", "MUG-STONE"))
        {
            driver.findElement(By.cssSelector("button[name=add][value='" + sku + "']")).click();
            waitUntil(d -> !d.findElements(By.id("qty." + sku)).isEmpty());
        }
        chromium.screenshot("order-1-items");
        restartFromConsole("order");
        driver.navigate().refresh();
        if (!mode.keepsSessions())
            return sessionLost("order-4-session-lost");
        assertEquals("1", driver.findElement(By.id("qty.TEA-GREEN")).getAttribute("value"));
        assertEquals("1", driver.findElement(By.id("qty.MUG-STONE")).getAttribute("value"));
        chromium.screenshot("order-4-items-after-restart");
        next("Delivery and payment");
        choose("delivery", "EXPRESS");
        choose("payment", "INVOICE");
        next("Review");
        assertTrue(driver.getPageSource().contains("Ada in " + mode),
            "the review shows what was typed before the restart");
        chromium.screenshot("order-5-review");
        next("Thank you");
        String confirmation = driver.findElement(By.cssSelector("p.confirmation")).getText();
        chromium.screenshot("order-6-confirmation");
        List<ShopRecords.StoredOrder> stored = new ShopRecords(farm.jdbcUrl()).ordersOf(email);
        assertEquals(1, stored.size(), "one order stored for " + email);
        assertEquals(confirmation, stored.get(0).confirmation());
        assertEquals(Map.of("TEA-GREEN", 1, "MUG-STONE", 1), stored.get(0).lines());
        assertEquals("Lisboa", stored.get(0).fields().get("city"));
        assertEquals("EXPRESS", stored.get(0).fields().get("delivery"));
        return confirmation;
    }

    /** @return the number of stored answers, or -1 when (memory mode) the session was lost */
    int survey()
    {
        String tag = Tags.next("s7s");
        driver.get(shop.resolve("/survey/page/1").toString());
        for (int page = 1; page <= 4; page++)
            answerAndGoOn(page, tag);
        chromium.screenshot("survey-1-page5");
        restartFromConsole("survey");
        driver.navigate().refresh();
        if (!mode.keepsSessions())
        {
            sessionLost("survey-4-session-lost");
            return -1;
        }
        driver.get(shop.resolve("/survey/page/4").toString());
        assertTrue(!driver.findElements(By.cssSelector("input:checked")).isEmpty(), "page 4's answers survived");
        chromium.screenshot("survey-4-page4-after-restart");
        driver.get(shop.resolve("/survey/page/5").toString());
        for (int page = 5; page <= 9; page++)
            answerAndGoOn(page, tag);
        chromium.screenshot("survey-5-done");
        List<Map<String, List<String>>> stored = new ShopRecords(farm.jdbcUrl()).surveysTagged(tag);
        assertEquals(1, stored.size(), "one survey response stored for " + tag);
        for (String question : List.of("heard", "frequency", "range", "findability", "checkout", "recommend"))
            assertTrue(stored.get(0).containsKey(question), () -> question + " answered: " + stored.get(0));
        return stored.get(0).values().stream().mapToInt(List::size).sum();
    }

    /** Ticks the first choice of every question (two for a multiple choice), writes every text, presses Next. */
    private void answerAndGoOn(int page, String tag)
    {
        waitUntil(d -> d.getPageSource().contains("Page " + page + " of 9"));
        for (WebElement question : driver.findElements(By.cssSelector("fieldset.question")))
        {
            List<WebElement> choices = question.findElements(By.cssSelector("input[type=radio], input[type=checkbox]"));
            int ticks = choices.isEmpty() ? 0 : choices.get(0).getAttribute("type").equals("checkbox") ? 2 : 1;
            for (int i = 0; i < ticks && i < choices.size(); i++)
                choices.get(i).findElement(By.xpath("..")).click();
            for (WebElement text : question.findElements(By.tagName("textarea")))
                text.sendKeys(tag + " page " + page);
        }
        driver.findElement(By.cssSelector("button[name=nav][value=next]")).click();
        if (page < 9)
            waitUntil(d -> d.getPageSource().contains("Page " + (page + 1) + " of 9"));
        else
            waitUntil(d -> d.getCurrentUrl().endsWith("/survey/done"));
    }

    /** Presses "Restart" for the node that served the current page, in another tab, and waits until it is back. */
    private void restartFromConsole(String form)
    {
        String node = driver.findElement(By.cssSelector(".site-footer .node")).getText();
        FarmConsoleTab.restart(chromium, shop, node, form).awaitRestarted(chromium, form);
    }

    private String sessionLost(String screenshot)
    {
        String notice = driver.findElement(By.cssSelector(".notice")).getText();
        assertTrue(notice.contains("Your session was lost"), notice);
        chromium.screenshot(screenshot);
        return null;
    }

    private void type(String field, String value)
    {
        WebElement input = driver.findElement(By.name(field));
        input.clear();
        input.sendKeys(value);
    }

    private void choose(String field, String value)
    {
        driver.findElement(By.cssSelector("input[name=" + field + "][value=" + value + "]")).findElement(By.xpath(".."))
            .click();
    }

    /** Presses the form's primary button and waits for the next page, known by its heading. */
    private void next(String heading)
    {
        driver.findElement(By.cssSelector("button[name=nav][value=next]")).click();
        waitUntil(d -> d.findElement(By.tagName("h1")).getText().startsWith(heading));
    }

    private void waitUntil(java.util.function.Function<WebDriver, Boolean> condition)
    {
        new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
            .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    }
}
