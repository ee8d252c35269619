package io.github.empathy4j.study;

import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.run.RunDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The participant's way and the researcher's page in Debian's Chromium, driven by Selenium with the installed
 * chromedriver (never a download). Without Chromium the tests are skipped, unless {@code CI=true}: then they fail.
 * Screenshots of every screen go to {@code target/screenshots/}.
 */
class StudyBrowserTest {

    private static final Path SHOTS = Path.of("target", "screenshots");

    private static ChromeDriver browser;

    /** What the participant's browser got: every page's source, address, cookies and loaded resources. */
    private final List<String> seen = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void openBrowser() throws Exception {
        BrowserRequirement.Decision decision = BrowserRequirement.here();
        if (decision.outcome() == BrowserRequirement.Outcome.FAIL) {
            throw new AssertionError(decision.message());
        }
        if (decision.outcome() == BrowserRequirement.Outcome.SKIP) {
            System.err.println(decision.message());
        }
        Assumptions.assumeTrue(decision.outcome() == BrowserRequirement.Outcome.RUN, decision.message());
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions().setBinary(BrowserRequirement.CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1000,1400");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(BrowserRequirement.DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** The element once the page that has it is loaded: a click's navigation may still be running. */
    private static WebElement await(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(by).stream().findFirst()
                .orElse(null));
    }

    private static void shot(String name) throws Exception {
        File file = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A participant's screen: its screenshot, and what the browser holds kept for the search for secrets. */
    private void screen(String name) throws Exception {
        shot(name);
        seen.add(name + "\n" + browser.getCurrentUrl() + "\n" + browser.manage().getCookies() + "\n"
                + browser.executeScript("return performance.getEntriesByType('resource').map(e => e.name)"
                        + ".join(' ') + ' ' + document.title") + "\n" + browser.getPageSource());
    }

    @Test
    void aParticipantRatesInTheBrowserIsRedirectedAndTheResearcherSeesTheReclaim() throws Exception {
        StudyFixture f = new StudyFixture(dir, 6, 3);
        StudyFixture.MovableClock clock = new StudyFixture.MovableClock();
        StudySettings base = StudySettings.defaults().withRaters(1, Duration.ofMinutes(30));
        try (StudyServer probe = StudyServer.start(f.study, f.run, base, clock)) {
            // only to learn a free port for the completion URL, which points back at this server
            assertThat(probe.port()).isPositive();
        }
        int port = freePort();
        URI completion = URI.create("http://127.0.0.1:" + port + "/static/app.css?cc=C0MPL3TE");
        StudySettings settings = base.withPort(port).withCompletionUrl(completion).withQuestionnaire(true);
        try (StudyServer server = StudyServer.start(f.study, f.run, settings, clock)) {
            String root = server.baseUrl().toString();
            browser.get(root);
            screen("01-enter-id");
            browser.findElement(By.id("participant")).sendKeys("pidBrowser1");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            await(By.id("agree"));
            screen("02-consent");
            assertThat(browser.getPageSource()).contains("Information and consent", "pidBrowser1");
            await(By.id("agree")).click();
            await(By.id("begin"));
            screen("03-instructions");
            assertThat(browser.getPageSource()).contains("Dogs are great", "16 statements");
            await(By.id("begin")).click();
            await(By.id("questionnaire"));
            List<WebElement> statements = browser.findElements(By.cssSelector("section.statement"));
            assertThat(statements).hasSize(16);
            assertThat(browser.findElement(By.id("send")).isEnabled()).isFalse();
            screen("04-questionnaire-empty");
            for (int i = 0; i < statements.size(); i++) {
                List<WebElement> choices = statements.get(i).findElements(By.cssSelector("label"));
                assertThat(choices).extracting(WebElement::getText).containsExactly("Never", "Rarely", "Sometimes",
                        "Often", "Always");
                WebElement choice = choices.get(i % 5);
                browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", choice);
                choice.click();
            }
            assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("16 of 16 answered");
            browser.executeScript("window.scrollTo(0, 0)");
            screen("05-questionnaire-filled");
            browser.findElement(By.id("send")).click();
            await(By.id("ratings"));
            await(By.id("send"));
            List<WebElement> items = browser.findElements(By.cssSelector("section.item"));
            assertThat(items).hasSize(4);
            WebElement send = browser.findElement(By.id("send"));
            assertThat(send.isEnabled()).isFalse();
            assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("0 of 4 answered");
            screen("06-rating-empty");
            for (WebElement item : items) {
                List<WebElement> check = item.findElements(By.cssSelector("p.check strong"));
                String label = check.isEmpty() ? "Good" : check.get(0).getText();
                for (WebElement choice : item.findElements(By.cssSelector("label"))) {
                    if (choice.getText().strip().equals(label)) {
                        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", choice);
                        choice.click();
                    }
                }
            }
            assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("4 of 4 answered");
            assertThat(send.isEnabled()).isTrue();
            browser.executeScript("window.scrollTo(0, 0)");
            screen("07-rating-filled");
            send.click();
            assertThat(await(By.id("code")).getText()).isEqualTo("C0MPL3TE");
            screen("08-done");
            new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> completion.toString()
                    .equals(d.getCurrentUrl()));

            List<Rating> ratings = RunDirectory.open(f.run).ratings();
            assertThat(ratings).hasSize(3).allSatisfy(r -> {
                assertThat(r.rater()).isEqualTo("pidBrowser1");
                assertThat(r.value()).isEqualTo(3);
            });
            // answers -2, -1, 0, 1, 2, ... by item: score 28 by the published key (as in StudyServerTest)
            assertThat(Files.readString(f.study.resolve(Assignments.QUESTIONNAIRE_FILE)))
                    .contains("\"participant\":\"pidBrowser1\"", "\"score\":28");

            // a second participant arrives from Prolific and abandons the batch; it is reclaimed
            browser.get(root + "?PROLIFIC_PID=pidBrowser2&STUDY_ID=s1&SESSION_ID=x2");
            await(By.id("agree"));
            screen("09-second-consent");
            await(By.id("agree")).click();
            await(By.id("begin")).click();
            await(By.id("questionnaire"));
            screen("10-second-questionnaire");
            clock.advance(Duration.ofMinutes(31));
            browser.get(server.researcherUrl().toString());
            await(By.id("participants"));
            shot("11-researcher");
            assertThat(browser.findElement(By.id("teq")).getText()).contains("pidBrowser1", "28");
            assertThat(browser.findElement(By.id("participants")).getText())
                    .contains("Reclaimed (timed out) 1", "Submitted 1");
            assertThat(browser.findElement(By.id("conditions")).getText()).contains(StudyFixture.CONDITIONS.get(0));
        }
        // nothing the participants' browser got names a condition, model, dialogue, batch or item
        List<String> secrets = new ArrayList<>(StudyFixture.CONDITIONS);
        secrets.addAll(StudyFixture.MODELS);
        secrets.addAll(f.dialogueIds);
        f.crowd.batches().forEach(b -> {
            secrets.add(b.id());
            b.items().forEach(i -> secrets.add(i.id()));
        });
        assertThat(seen).hasSize(10);
        for (String screen : seen) {
            for (String secret : secrets) {
                assertThat(screen).as(screen.lines().findFirst().orElseThrow()).doesNotContain(secret);
            }
        }
    }

    @Test
    void twentyParticipantsCompleteAStudyInChromium() throws Exception {
        StudyFixture f = new StudyFixture(dir, 20, 2);
        assertThat(f.crowd.batches()).hasSize(20);
        try (StudyServer server = StudyServer.start(f.study, f.run, StudySettings.defaults())) {
            for (int i = 0; i < 20; i++) {
                String id = "pidChromium" + i;
                browser.get(server.baseUrl() + "?PROLIFIC_PID=" + id + "&STUDY_ID=s1&SESSION_ID=x" + i);
                await(By.id("agree")).click();
                await(By.id("begin")).click();
                await(By.id("send"));
                String value = SCALE_LABELS.get(i % 3);
                for (WebElement item : browser.findElements(By.cssSelector("section.item"))) {
                    List<WebElement> check = item.findElements(By.cssSelector("p.check strong"));
                    String label = check.isEmpty() ? value : check.get(0).getText();
                    for (WebElement choice : item.findElements(By.cssSelector("label"))) {
                        if (choice.getText().strip().equals(label)) {
                            browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", choice);
                            choice.click();
                        }
                    }
                }
                browser.findElement(By.id("send")).click();
                assertThat(await(By.id("code")).getText()).isNotBlank();
                browser.manage().deleteAllCookies(); // the next participant has a browser of their own
            }
        }
        List<Rating> ratings = RunDirectory.open(f.run).ratings();
        assertThat(ratings).hasSize(40);
        assertThat(ratings.stream().map(Rating::batch).distinct()).hasSize(20);
        for (Rating r : ratings) {
            int i = Integer.parseInt(r.rater().substring("pidChromium".length()));
            assertThat(r.value()).as(r.rater()).isEqualTo(1 + i % 3); // Bad, Okay, Good are codes 1, 2, 3
        }
    }

    private static final List<String> SCALE_LABELS = List.of("Bad", "Okay", "Good");

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
