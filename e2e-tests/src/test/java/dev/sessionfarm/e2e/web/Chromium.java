package dev.sessionfarm.e2e.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import dev.sessionfarm.e2e.farm.FarmJar;
import dev.sessionfarm.e2e.farm.Leftovers;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven by Selenium through the machine's own chromedriver (nothing is downloaded), with a fresh
 * profile, and screenshots under {@code target/screenshots/}. Chromium and its driver never outlive the tests.
 */
public final class Chromium implements AutoCloseable
{
    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final String screenshotPrefix;

    private Chromium(ChromeDriver driver, String screenshotPrefix)
    {
        this.driver = driver;
        this.screenshotPrefix = screenshotPrefix;
    }

    public static boolean installed()
    {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    public static Chromium start(String screenshotPrefix)
    {
        try
        {
            Path profile = Files.createTempDirectory("session-farm-e2e-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BROWSER.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1024,900", "--user-data-dir=" + profile);
            Set<ProcessHandle> before = ProcessHandle.current().children().collect(Collectors.toSet());
            ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            ProcessHandle.current().children().filter(p -> !before.contains(p)).forEach(Leftovers::track);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            Chromium chromium = new Chromium(driver, screenshotPrefix);
            Leftovers.closeAtExit(chromium);
            return chromium;
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver()
    {
        return driver;
    }

    /** Saves what the browser shows as {@code target/screenshots/<prefix>-<name>.png}. */
    public void screenshot(String name)
    {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        try
        {
            Files.copy(shot.toPath(),
                FarmJar.outputDirectory("screenshots").resolve(screenshotPrefix + "-" + name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close()
    {
        driver.quit();
        Leftovers.closed(this);
    }
}
