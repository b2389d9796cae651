package io.channelhub.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven through Debian's chromedriver, both named by path so Selenium Manager never looks for
 * (or downloads) a browser of its own: the build machines have no way out but the package registries.
 */
public final class HeadlessChrome {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Set to true (CI does) to fail rather than skip the browser tests when the browser is missing. */
    public static final String REQUIRE_PROPERTY = "hub.require-browser";

    private HeadlessChrome() {
    }

    /** Skips the calling tests when Chromium or its driver is not installed, or fails them where one is required. */
    public static void assumeInstalled() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        RequiredTool.missing("browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install -y chromium chromium-driver)", REQUIRE_PROPERTY);
    }

    /** A new headless browser with its own empty profile in {@code profileDir}. */
    public static ChromeDriver start(Path profileDir) {
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // no sandbox: CI runs as root; the rest keeps Chromium from calling home, which it cannot here anyway
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profileDir);
        return new ChromeDriver(service, options);
    }
}
