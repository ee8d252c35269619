package io.github.empathy4j.study;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserRequirementTest {

    @Test
    void withBrowserAndDriverTheTestsRunWhereverTheyAre() {
        assertThat(BrowserRequirement.decide(Map.of(), true, true).outcome()).isEqualTo(BrowserRequirement.Outcome.RUN);
        assertThat(BrowserRequirement.decide(Map.of("CI", "true"), true, true).outcome())
                .isEqualTo(BrowserRequirement.Outcome.RUN);
    }

    @Test
    void aDeveloperWithoutChromiumSkipsThemWithOneLineNamingWhatIsMissing() {
        BrowserRequirement.Decision none = BrowserRequirement.decide(Map.of(), false, false);
        assertThat(none.outcome()).isEqualTo(BrowserRequirement.Outcome.SKIP);
        assertThat(none.message()).startsWith("Browser tests skipped: no /usr/bin/chromium and /usr/bin/chromedriver")
                .contains("apt-get install chromium chromium-driver").doesNotContain("\n");
        BrowserRequirement.Decision driver = BrowserRequirement.decide(Map.of("CI", "false"), true, false);
        assertThat(driver.outcome()).isEqualTo(BrowserRequirement.Outcome.SKIP);
        assertThat(driver.message()).startsWith("Browser tests skipped: no /usr/bin/chromedriver (");
    }

    @Test
    void underCiAMissingBrowserFailsInsteadOfSkipping() {
        for (String ci : new String[] {"true", "TRUE", "1"}) {
            BrowserRequirement.Decision d = BrowserRequirement.decide(Map.of("CI", ci), false, true);
            assertThat(d.outcome()).as(ci).isEqualTo(BrowserRequirement.Outcome.FAIL);
            assertThat(d.message()).contains("/usr/bin/chromium is missing", "chromium-driver");
        }
    }
}
