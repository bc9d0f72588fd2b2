package dev.chinook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium and chromedriver, which .ci/run installs):
 * loads without console errors, draws every chart with data points, the period filter changes the
 * figures, an empty period says so; screenshots of the page and of each chart go to target/.
 */
final class DashboardCheck {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Every chart of the page, by canvas id. */
    static final List<String> CHARTS = List.of(
            "revenue-by-month",
            "revenue-by-billing-country",
            "revenue-by-customer-country",
            "sales-by-genre",
            "sales-by-media-type",
            "top-artists",
            "top-albums",
            "top-tracks",
            "customer-value",
            "revenue-by-customer-location-then-and-now",
            "price-changes");

    private DashboardCheck() {}

    static void run(URI warehouse, Path work, Path screenshots) throws Exception {
        assertThat(CHROMIUM)
                .as(
                        "chromium is needed for the dashboard test: apt-get install chromium chromium-driver (.ci/run does)")
                .exists();
        assertThat(CHROMEDRIVER)
                .as("chromedriver: apt-get install chromium-driver")
                .exists();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1400,3600",
                        "--user-data-dir=" + Files.createTempDirectory(work, "chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(warehouse.resolve("/").toString());
            awaitReady(browser);
            assertThat(severe(browser)).as("console errors").isEmpty();
            List<?> points = (List<?>) ((JavascriptExecutor) browser)
                    .executeScript(
                            "return arguments[0].map(id => {"
                                    + " const c = Object.values(Chart.instances).find(i => i.canvas.id === id);"
                                    + " return c ? c.data.datasets.reduce((n, d) => n + d.data.length, 0) : 0; })",
                            CHARTS);
            for (int i = 0; i < CHARTS.size(); i++) {
                assertThat(((Number) points.get(i)).longValue())
                        .as("data points of chart %s", CHARTS.get(i))
                        .isPositive();
            }
            assertThat(browser.findElements(By.cssSelector("#cohorts td"))).isNotEmpty();
            // The cohort table, wider than its column, once made the whole page scroll sideways.
            Number overflow = (Number) ((JavascriptExecutor) browser)
                    .executeScript(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.longValue())
                    .as("page wider than the window by (px)")
                    .isNotPositive();
            String allTime = revenueFigure(browser);
            assertThat(allTime).matches("\\$[0-9,]+\\.[0-9]{2}");
            screenshot(browser, screenshots.resolve("dashboard.png"));
            for (String chart : CHARTS) {
                WebElement panel = browser.findElement(By.id(chart)).findElement(By.xpath(".."));
                Path file = screenshots.resolve("charts").resolve(chart + ".png");
                Files.createDirectories(file.getParent());
                Files.write(file, panel.getScreenshotAs(OutputType.BYTES));
            }

            List<WebElement> years = browser.findElements(By.cssSelector("button.year"));
            assertThat(years).hasSizeGreaterThan(1);
            years.get(1).click();
            awaitReady(browser);
            String oneYear = revenueFigure(browser);
            assertThat(oneYear).isNotEqualTo(allTime).matches("\\$[0-9,]+\\.[0-9]{2}");
            assertThat(browser.findElement(By.id("from")).getDomProperty("value"))
                    .endsWith("-01-01");
            screenshot(browser, screenshots.resolve("dashboard-one-year.png"));

            setDate(browser, "from", "1990-01-01");
            setDate(browser, "to", "1991-01-01");
            browser.findElement(By.id("apply")).click();
            awaitReady(browser);
            assertThat(browser.findElement(By.id("empty")).isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("charts")).isDisplayed()).isFalse();
            assertThat(severe(browser)).as("console errors").isEmpty();
            screenshot(browser, screenshots.resolve("dashboard-empty-period.png"));
        } finally {
            browser.quit();
        }
    }

    private static void awaitReady(ChromeDriver browser) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> {
            String state = b.findElement(By.tagName("body")).getDomAttribute("data-ready");
            if ("error".equals(state)) {
                throw new AssertionError(b.findElement(By.id("error")).getText());
            }
            return "true".equals(state);
        });
    }

    private static String revenueFigure(ChromeDriver browser) {
        return browser.findElement(By.cssSelector("#figures .figure b")).getText();
    }

    private static void setDate(ChromeDriver browser, String id, String value) {
        ((JavascriptExecutor) browser)
                .executeScript("document.getElementById(arguments[0]).value = arguments[1]", id, value);
    }

    private static List<String> severe(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    private static void screenshot(ChromeDriver browser, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
