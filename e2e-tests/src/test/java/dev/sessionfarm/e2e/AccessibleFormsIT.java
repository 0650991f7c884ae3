package dev.sessionfarm.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every page of both flows, with and without validation errors, on a desktop viewport (the order form on a narrow
 * phone viewport too, where its cart table is the widest thing to fit): axe-core
 * finds no serious or critical violation, and a page with errors has "Error:" in its title, the error summary has
 * focus, and each of its links leads to a field that names the message in its aria-describedby.
 */
class AccessibleFormsIT
{
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, Dimension> VIEWPORTS = Map.of("desktop", new Dimension(1024, 900),
        "phone", new Dimension(390, 844));

    private final Map<String, List<Axe.Violation>> checked = new LinkedHashMap<>();
    private WebDriver driver;
    private Chromium chromium;
    private String viewport;

    @Test
    void everyPageOfBothFlowsPassesAxeAndErrorsAreAnnounced()
    {
        assumeTrue(Chromium.installed(), "chromium and chromium-driver are not installed");
        try (FarmLauncher farm = FarmLauncher.start(Mode.MEMORY, 1); Chromium browser = Chromium.start("a11y"))
        {
            chromium = browser;
            driver = browser.driver();
            axeFindsWhatIsThere();
            for (String name : List.of("desktop", "phone"))
            {
                viewport = name;
                driver.manage().window().setSize(VIEWPORTS.get(name));
                driver.manage().deleteAllCookies();
                order(farm);
                if (name.equals("desktop"))
                    survey(farm);
                continueLater(farm);
            }
            // German: the same checks in the other language (desktop), through the switch every page has.
            viewport = "desktop-de";
            driver.manage().window().setSize(VIEWPORTS.get("desktop"));
            driver.manage().deleteAllCookies();
            driver.get(farm.uri().resolve("/?lang=de").toString());
            waitUntil(d -> "de".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
            order(farm);
            survey(farm);
            continueLater(farm);
        }
        List<String> serious = new ArrayList<>();
        checked.forEach((page, violations) ->
        {
            System.out.printf("[e2e summary] a11y | %-40s | axe: %d violation(s), %d serious or critical%s%n", page,
                violations.size(), violations.stream().filter(Axe.Violation::seriousOrWorse).count(),
                violations.isEmpty() ? "" : " " + violations);
            violations.stream().filter(Axe.Violation::seriousOrWorse).forEach(v -> serious.add(page + ": " + v));
        });
        assertTrue(checked.size() >= 80, "pages checked: " + checked.keySet());
        assertTrue(serious.isEmpty(), () -> "serious or critical axe violations:\n" + String.join("\n", serious));
    }

    /** So that "0 violations" means something: the same check on a page made to break two rules. */
    private void axeFindsWhatIsThere()
    {
        driver.get("data:text/html,<html><head><title>t</title></head><body><main><img src='x.png'>"
            + "<input type='text'></main></body></html>");
        List<String> rules = Axe.check(driver).stream().map(Axe.Violation::rule).toList();
        assertTrue(rules.contains("image-alt") && rules.contains("label"),
            "axe must report image-alt and label: " + rules);
    }

    private void order(FarmLauncher farm)
    {
        driver.get(farm.uri().resolve("/").toString());
        axe("home");
        driver.get(farm.uri().resolve("/order").toString());
        axe("order customer");
        press("next");
        errorsShown("order customer", "name", "email");
        type("name", "Ada Lovelace");
        type("email", "ada@example.com");
        press("next");
        heading("Shipping address");
        axe("order shipping");
        press("next");
        errorsShown("order shipping", "street", "postcode", "city", "country");
        type("street", "1 Rua Augusta");
        type("postcode", "1100-048");
        type("city", "Lisboa");
        type("country", "Portugal");
        press("next");
        heading("Items");
        axe("order items, empty cart");
        press("next");
        errorsShown("order items, empty cart", "cart");
        driver.findElement(By.cssSelector("button[name=add][value='TEA-GREEN']")).click();
        waitUntil(d -> !d.findElements(By.id("qty.TEA-GREEN")).isEmpty());
        axe("order items");
        type("qty.TEA-GREEN", "two");
        press("next");
        errorsShown("order items, quantity", "qty.TEA-GREEN");
        type("qty.TEA-GREEN", "2");
        press("next");
        heading("Delivery and payment");
        axe("order delivery");
        press("next");
        errorsShown("order delivery", "delivery", "payment");
        driver.findElement(By.cssSelector("input[name=delivery]")).findElement(By.xpath("..")).click();
        driver.findElement(By.cssSelector("input[name=payment]")).findElement(By.xpath("..")).click();
        press("next");
        heading("Review");
        axe("order review");
        press("next");
        heading("Thank you");
        axe("order confirmation");
    }

    private void survey(FarmLauncher farm)
    {
        driver.get(farm.uri().resolve("/survey").toString());
        axe("survey start");
        driver.get(farm.uri().resolve("/survey/page/1").toString());
        for (int page = 1; page <= 9; page++)
        {
            int number = page;
            String progress = (viewport.endsWith("-de") ? "Seite " : "Page ") + number
                + (viewport.endsWith("-de") ? " von 9" : " of 9");
            waitUntil(d -> d.getPageSource().contains(progress));
            axe("survey page " + page);
            List<String> required = new ArrayList<>();
            for (WebElement question : driver.findElements(By.cssSelector("fieldset.question")))
            {
                if (question.findElements(By.cssSelector("legend .optional")).isEmpty())
                    required.add(question.findElement(By.cssSelector("input, textarea")).getAttribute("name"));
            }
            if (!required.isEmpty())
            {
                press("next");
                errorsShown("survey page " + page, required.toArray(String[]::new));
            }
            for (WebElement question : driver.findElements(By.cssSelector("fieldset.question")))
            {
                List<WebElement> choices =
                    question.findElements(By.cssSelector("input[type=radio], input[type=checkbox]"));
                if (!choices.isEmpty())
                    choices.get(0).findElement(By.xpath("..")).click();
            }
            press("next");
        }
        waitUntil(d -> d.getCurrentUrl().endsWith("/survey/done"));
        axe("survey done");
    }

    /** The page after a submit with errors: title, focus on the summary, links to fields that name their message. */
    private void errorsShown(String page, String... fields)
    {
        waitUntil(d -> !d.findElements(By.cssSelector(".error-summary")).isEmpty());
        String prefix = viewport.endsWith("-de") ? "Fehler: " : "Error: ";
        assertTrue(driver.getTitle().startsWith(prefix), () -> page + ": title " + driver.getTitle());
        WebElement summary = driver.findElement(By.cssSelector(".error-summary"));
        assertEquals(summary, driver.switchTo().activeElement(), page + ": the error summary must have focus");
        List<String> linked = new ArrayList<>();
        for (WebElement link : summary.findElements(By.cssSelector("a")))
            linked.add(link.getAttribute("href").replaceFirst("^[^#]*#", ""));
        for (String field : fields)
        {
            assertTrue(linked.contains(field), () -> page + ": the summary links " + linked + ", not " + field);
            WebElement target = driver.findElement(By.id(field));
            WebElement described = target.getAttribute("aria-describedby") != null ? target
                : target.findElement(By.xpath("ancestor::*[@aria-describedby][1]"));
            String errorId = java.util.Arrays.stream(described.getAttribute("aria-describedby").split(" "))
                .filter(id -> id.endsWith("-error")).findFirst().orElse("none");
            String message = driver.findElement(By.id(errorId)).getText();
            assertFalse(message.isBlank(), page + ": " + field + " is described by an empty message");
        }
        chromium.screenshot(viewport + "-" + page.replace(' ', '-').replace(",", "") + "-errors");
        axe(page + ", errors");
    }

    private void axe(String page)
    {
        checked.put(viewport + ": " + page, Axe.check(driver));
    }

    private void type(String field, String value)
    {
        WebElement input = driver.findElement(By.name(field));
        input.clear();
        input.sendKeys(value);
    }

    private void press(String nav)
    {
        // A mark on the old page's window: the next page has none. (Waiting for the old <html> to go stale fails
        // now and then: Chromium answers a request about a node of a document being replaced with an odd error.)
        JavascriptExecutor js = (JavascriptExecutor)driver;
        js.executeScript("window.sessionFarmOldPage = true;");
        driver.findElement(By.cssSelector("button[name=nav][value=" + nav + "]")).click();
        new WebDriverWait(driver, WAIT).ignoring(WebDriverException.class).until(d -> Boolean.TRUE.equals(js
            .executeScript("return !window.sessionFarmOldPage && document.readyState === 'complete';")));
    }

    /** The page whose h1 starts with {@code english}, or with its German text on the German run. */
    private void heading(String english)
    {
        String text = viewport.endsWith("-de") ? GERMAN.getOrDefault(english, english) : english;
        waitUntil(d -> d.findElement(By.tagName("h1")).getText().startsWith(text));
    }

    private static final Map<String, String> GERMAN = Map.of("Shipping address", "Lieferadresse", "Items", "Artikel",
        "Delivery and payment", "Lieferung und Zahlung", "Review", "Bestellung prüfen", "Thank you", "Vielen Dank",
        "Your answers are saved", "Ihre Antworten sind gespeichert");

    /** "Continue later" from a form page, its code page, the page to enter a code (with errors), the way back. */
    private void continueLater(FarmLauncher farm)
    {
        driver.get(farm.uri().resolve("/order/customer").toString());
        type("name", "Mary Somerville");
        press("later");
        heading("Your answers are saved");
        axe("continue later, code");
        String code = driver.findElement(By.id("resume-code")).getText();
        chromium.screenshot(viewport + "-continue-later-code");
        driver.get(farm.uri().resolve("/continue").toString());
        axe("continue, enter code");
        pressSubmit();
        errorsShown("continue, enter code", "code");
        type("code", code);
        pressSubmit();
        waitUntil(d -> d.getCurrentUrl().contains("/order/"));
        axe("order, restored");
        driver.manage().deleteCookieNamed("JSESSIONID");
        driver.manage().addCookie(new org.openqa.selenium.Cookie("JSESSIONID", "long-gone.node1"));
        // A new session is made for the gone one: in German only if the page asks for it again.
        driver.get(farm.uri().resolve(viewport.endsWith("-de") ? "/?lang=de" : "/").toString());
        waitUntil(d -> !d.findElements(By.cssSelector(".notice-link")).isEmpty());
        chromium.screenshot(viewport + "-session-gone");
        axe("home, session gone");
    }

    private void pressSubmit()
    {
        JavascriptExecutor js = (JavascriptExecutor)driver;
        js.executeScript("window.sessionFarmOldPage = true;");
        driver.findElement(By.cssSelector("form[action='/continue'] button[type=submit]")).click();
        new WebDriverWait(driver, WAIT).ignoring(WebDriverException.class).until(d -> Boolean.TRUE.equals(js
            .executeScript("return !window.sessionFarmOldPage && document.readyState === 'complete';")));
    }

    private void waitUntil(Function<WebDriver, Boolean> condition)
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
