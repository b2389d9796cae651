package io.channelhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channelhub.support.HeadlessChrome;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The ops dashboard in a real headless Chromium against the whole hub: what a person on call would do with it. */
class DashboardBrowserTest extends HubIntegrationTest {

    private static Path profile;
    private static ChromeDriver browser;

    private WebDriverWait wait;

    @BeforeAll
    static void startBrowser() throws IOException {
        HeadlessChrome.assumeInstalled();
        profile = Files.createTempDirectory("dashboard-chromium-");
        browser = HeadlessChrome.start(profile);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @BeforeEach
    void loggedOut() {
        // each test starts as someone opening the page in a fresh tab
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(page());
        browser.executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.get(page());
        wait.until(ExpectedConditions.visibilityOfElementLocated(testId("token")));
    }

    @Test
    void theShellIsServedWithoutDataOrTokenAndLocksItselfDown() {
        HttpResponse<String> shell = hub.opsWithoutToken("/dashboard/");
        assertThat(shell.statusCode()).isEqualTo(200);
        assertThat(shell.body()).contains("id=\"login-form\"");
        assertThat(shell.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(hub.opsWithoutToken("/dashboard").statusCode()).as("redirected to /dashboard/").isEqualTo(302);
        assertThat(hub.opsWithoutToken("/dashboard/dashboard.js").statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongTokenIsRefusedAndNotKept() {
        logIn("not-the-ops-token");

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("login-error")));
        assertThat(error.getText()).contains("not accepted");
        assertThat(browser.findElement(testId("dashboard")).isDisplayed()).isFalse();
        assertThat(storedToken()).isNull();
    }

    @Test
    void anOperatorFixesADeadLetterInThePageReplaysItAndTheOrderIsApplied() {
        long orderId = OrderIds.next();
        String eventId = "evt-dashboard-" + orderId;
        // signed, so accepted and stored, but not JSON: processing dead-letters it. The markup must stay text.
        byte[] broken = ("<b data-testid=\"injected\">order " + orderId + "</b> {\"id\":" + orderId)
                .getBytes(StandardCharsets.UTF_8);
        assertThat(hub.send("shopify", ShopifyWebhook.raw("orders/create", eventId, broken)).statusCode()).isEqualTo(200);

        logIn(OPS_TOKEN);
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(testId("who"))).getText())
                .contains("operator");
        assertThat(storedToken()).as("kept for this tab only").isEqualTo(OPS_TOKEN);
        assertThat(browser.executeScript("return localStorage.length")).isEqualTo(0L);
        assertThat(browser.getCurrentUrl()).doesNotContain(OPS_TOKEN);

        // the page refreshes itself: the dead letter shows up in the open list without a reload
        By row = deadLetterRow(eventId);
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        browser.findElement(row).findElement(testId("dead-letter-view")).click();

        WebElement payload = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("detail-payload")));
        assertThat(payload.getDomProperty("value")).isEqualTo(new String(broken, StandardCharsets.UTF_8));
        assertThat(browser.findElements(testId("injected"))).as("payload text never becomes markup").isEmpty();
        assertThat(browser.findElement(testId("detail-replay-edited")).isEnabled()).as("nothing edited yet").isFalse();

        String fixed = new String(ShopifyWebhook.order("orders/create", eventId, orderId, Instant.now(), "paid",
                "DASH-1", 1).body(), StandardCharsets.UTF_8);
        payload.clear();
        payload.sendKeys(fixed);
        wait.until(ExpectedConditions.elementToBeClickable(testId("detail-replay-edited"))).click();

        wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/shopify/" + orderId).status()).isEqualTo(200));
        wait.until(ExpectedConditions.textToBe(testId("detail-status"), "RESOLVED"));
        assertThat(browser.findElements(testId("injected"))).isEmpty();
    }

    private void logIn(String token) {
        browser.findElement(testId("token")).sendKeys(token);
        browser.findElement(testId("login-submit")).click();
    }

    private String storedToken() {
        return (String) ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('channelhub.opsToken')");
    }

    private String page() {
        return "http://127.0.0.1:" + opsPort + "/dashboard/";
    }

    private static By deadLetterRow(String eventId) {
        return By.cssSelector("tr[data-testid='dead-letter-row'][data-event-id='" + eventId + "']");
    }

    private static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }
}
