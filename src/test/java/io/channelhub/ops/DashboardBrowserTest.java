package io.channelhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.support.HeadlessChrome;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.TestHubSettings;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The ops dashboard in a real headless Chromium against the whole hub: what a person on call would do with it. */
class DashboardBrowserTest extends HubIntegrationTest {

    private static final Path FAILURES = Path.of("target", "dashboard-failures");

    private static Path profile;
    private static ChromeDriver browser;

    private WebDriverWait wait;

    // a browser test that times out says only what it waited for; the page as it was says why
    @RegisterExtension
    final TestWatcher keepPageOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser == null) {
                return;
            }
            try {
                Files.createDirectories(FAILURES);
                String name = context.getRequiredTestMethod().getName();
                Files.write(FAILURES.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
                Files.writeString(FAILURES.resolve(name + ".html"), browser.getPageSource());
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    };

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @BeforeEach
    void loggedOut() throws IOException {
        // checked per test, not once per class, so that each one is reported as skipped with the reason
        HeadlessChrome.assumeInstalled();
        if (browser == null) {
            profile = Files.createTempDirectory("dashboard-chromium-");
            browser = HeadlessChrome.start(profile);
        }
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
    void aSessionLastsAReloadOfTheTabAndEndsWithLogOutOrWhenTheHubRefusesTheToken() {
        logIn(OPS_TOKEN);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("who"), "operator"));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("who"), "operator"));

        browser.findElement(testId("logout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(testId("token")));
        assertThat(storedToken()).isNull();
        assertThat(browser.findElement(testId("dashboard")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("#connector-rows tr, #dead-letter-rows tr, #audit-rows tr")))
                .as("what was shown goes with the token").isEmpty();

        // a token revoked while the tab was open: the next call is refused and the page asks to log in again
        browser.executeScript("sessionStorage.setItem('channelhub.opsToken', 'revoked-token')");
        browser.navigate().refresh();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(testId("login-error"))).getText())
                .contains("log in again");
        assertThat(storedToken()).isNull();
    }

    @Test
    void anOperatorFixesADeadLetterInThePageReplaysItAndTheOrderIsApplied() {
        long orderId = OrderIds.next();
        String eventId = "evt-dashboard-" + orderId;
        // the markup must stay text wherever the page shows the payload
        String broken = "<b data-testid=\"injected\">order " + orderId + "</b> {\"id\":" + orderId;
        sendUnparseable(eventId, broken);

        logIn(OPS_TOKEN);
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(testId("who"))).getText())
                .contains("operator");
        assertThat(storedToken()).as("kept for this tab only").isEqualTo(OPS_TOKEN);
        assertThat(browser.executeScript("return localStorage.length")).isEqualTo(0L);
        assertThat(browser.getCurrentUrl()).doesNotContain(OPS_TOKEN);

        // the page refreshes itself: the dead letter shows up in the open list without a reload
        By row = deadLetterRow(eventId);
        click(inRow(eventId, "dead-letter-view"));

        WebElement payload = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("detail-payload")));
        assertThat(payload.getDomProperty("value")).isEqualTo(broken);
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
        assertThat(browser.findElements(testId("history-row"))).as("the replay is in the dead letter's history")
                .isNotEmpty();
        assertThat(browser.findElements(testId("injected"))).isEmpty();
    }

    @Test
    void anOperatorFindsALetterByTimeAndSavesAnEditForALaterReplay() {
        String eventId = "evt-dashboard-save-" + OrderIds.next();
        sendUnparseable(eventId, "draft " + eventId);
        logIn(OPS_TOKEN);
        By row = deadLetterRow(eventId);
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));

        // failed before 2020: not this one
        setFilter("filter-to", "2020-01-01T00:00:00");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
        setFilter("filter-to", "");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));

        click(inRow(eventId, "dead-letter-view"));
        WebElement payload = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("detail-payload")));
        payload.clear();
        payload.sendKeys("fixed later " + eventId);
        wait.until(ExpectedConditions.elementToBeClickable(testId("detail-save-edit"))).click();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(letter(eventId).path("editedPayload").asText()).isEqualTo("fixed later " + eventId));
        JsonNode saved = letter(eventId);
        assertThat(saved.path("payload").asText()).as("the bytes received are kept").isEqualTo("draft " + eventId);
        assertThat(saved.path("status").asText()).as("saved, not replayed").isEqualTo("NEW");
    }

    @Test
    void anOperatorDiscardsADeadLetterWithAReasonThatTheRecentActionsShow() {
        String eventId = "evt-dashboard-discard-" + OrderIds.next();
        sendUnparseable(eventId, "not an order at all");
        logIn(OPS_TOKEN);

        By row = deadLetterRow(eventId);
        click(inRow(eventId, "dead-letter-discard"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(testId("reason-input"))).sendKeys("test garbage " + eventId);
        browser.findElement(testId("reason-ok")).click();

        wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("audit"), "test garbage " + eventId));
        assertThat(hub.ops("/ops/dead-letters?status=DISCARDED&size=500").body().path("items").findValuesAsText("eventId"))
                .contains(eventId);
    }

    @Test
    void anOperatorReplaysEveryMatchAsOneJobAndStillBrokenLettersComeBackWithOneMoreAttempt() {
        // the parser names the token it choked on, so the error-text filter finds exactly these two
        String marker = "dashbulk" + OrderIds.next();
        String first = "evt-" + marker + "-a";
        String second = "evt-" + marker + "-b";
        sendUnparseable(first, marker + " first");
        sendUnparseable(second, marker + " second");
        logIn(OPS_TOKEN);

        wait.until(ExpectedConditions.visibilityOfElementLocated(deadLetterRow(second)));
        browser.findElement(testId("filter-q")).sendKeys(marker);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("replay-matching"), "Replay all 2"));
        click(testId("replay-matching"));
        wait.until(ExpectedConditions.elementToBeClickable(testId("reason-ok"))).click();

        By job = By.xpath("//tr[@data-testid='replay-job-row'][contains(., '" + marker + "')]");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(job, "FINISHED"));
        assertThat(browser.findElement(job).getText()).contains("2 of 2 replayed").contains("q=" + marker);
        // the payloads are still not JSON: the same letters fail again, one attempt more, not new rows
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode items = hub.ops("/ops/dead-letters?status=NEW&q=" + marker).body().path("items");
            assertThat(items.findValuesAsText("eventId")).containsExactlyInAnyOrder(first, second);
            assertThat(items.findValuesAsText("attempts")).containsOnly("2");
        });
    }

    @Test
    void anOperatorPausesAConnectorWithAReasonAndResumesIt() {
        // generic (standard webhooks) has neither stock pushes nor reconciliation: pause is its only switch
        By row = By.cssSelector("[data-testid='connector-row'][data-id='generic']");
        By processing = By.cssSelector("[data-testid='connector-row'][data-id='generic'] [data-testid='connector-processing']");
        String reason = "dashboard test " + OrderIds.next();
        logIn(OPS_TOKEN);
        try {
            wait.until(ExpectedConditions.visibilityOfElementLocated(row));
            assertThat(browser.findElements(By.cssSelector("[data-testid='connector-row'][data-id='generic'] button")))
                    .extracting(WebElement::getText).containsExactly("Pause…");
            assertThat(browser.findElement(By.cssSelector("[data-testid='connector-row'][data-id='shopify'] "
                    + "[data-testid='connector-queue-depth']")).getText()).matches("\\d+");

            click(By.cssSelector("[data-testid='connector-row'][data-id='generic'] [data-testid='connector-pause']"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(testId("reason-input"))).sendKeys(reason);
            browser.findElement(testId("reason-ok")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(processing, "paused"));
            assertThat(browser.findElement(processing).getText()).contains(reason).contains("ops");
            assertThat(hub.ops("/ops/connectors/generic").body().path("processingPaused").asBoolean()).isTrue();

            click(By.cssSelector("[data-testid='connector-row'][data-id='generic'] [data-testid='connector-resume']"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(processing, "running"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("audit"), reason));
        } finally {
            // the hub is shared with other test classes: never leave a connector paused
            hub.opsPost("/ops/connectors/generic/resume");
        }
    }

    @Test
    void aViewerSeesTheDeadLettersAndConnectorsButNoActions() {
        String eventId = "evt-dashboard-viewer-" + OrderIds.next();
        sendUnparseable(eventId, "a viewer looks at this");
        logIn(TestHubSettings.VIEWER_TOKEN);
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(testId("who"))).getText()).contains("viewer");

        wait.until(ExpectedConditions.visibilityOfElementLocated(deadLetterRow(eventId)));
        assertThat(browser.findElements(inRow(eventId, "dead-letter-replay"))).isEmpty();
        assertThat(browser.findElements(inRow(eventId, "dead-letter-discard"))).isEmpty();
        assertThat(browser.findElements(testId("replay-matching"))).isEmpty();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='connector-row'][data-id='shopify']")));
        assertThat(browser.findElements(By.cssSelector("[data-testid='connectors'] button"))).isEmpty();

        click(inRow(eventId, "dead-letter-view"));
        WebElement payload = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("detail-payload")));
        assertThat(payload.getDomProperty("readOnly")).isEqualTo("true");
        assertThat(browser.findElement(testId("detail-replay")).isDisplayed()).isFalse();
        assertThat(browser.findElement(testId("detail-discard")).isDisplayed()).isFalse();
    }

    /** A correctly signed webhook whose body is not JSON: accepted and stored, then dead-lettered as NEW. */
    private void sendUnparseable(String eventId, String body) {
        HttpResponse<String> answer = hub.send("shopify",
                ShopifyWebhook.raw("orders/create", eventId, body.getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    /** Clicks what the locator finds once it can; the page redraws its tables every few seconds. */
    private void click(By locator) {
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            WebElement element = driver.findElement(locator);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** Sets a filter field the way a person's pick would, firing the change the page listens to. */
    private void setFilter(String id, String value) {
        browser.executeScript("const f = document.getElementById(arguments[0]); f.value = arguments[1];"
                + " f.dispatchEvent(new Event('change', {bubbles: true}));", id, value);
    }

    private JsonNode letter(String eventId) {
        for (JsonNode item : hub.ops("/ops/dead-letters?connector=shopify&size=500").body().path("items")) {
            if (eventId.equals(item.path("eventId").asText())) {
                return item;
            }
        }
        throw new AssertionError("no dead letter " + eventId);
    }

    private void logIn(String token) {
        browser.findElement(testId("token")).sendKeys(token);
        browser.findElement(testId("login-submit")).click();
    }

    private String storedToken() {
        return (String) browser.executeScript("return sessionStorage.getItem('channelhub.opsToken')");
    }

    private String page() {
        return "http://127.0.0.1:" + opsPort + "/dashboard/";
    }

    private static By deadLetterRow(String eventId) {
        return By.cssSelector("tr[data-testid='dead-letter-row'][data-event-id='" + eventId + "']");
    }

    private static By inRow(String eventId, String testId) {
        return By.cssSelector("tr[data-testid='dead-letter-row'][data-event-id='" + eventId + "'] [data-testid='" + testId + "']");
    }

    private static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }
}
