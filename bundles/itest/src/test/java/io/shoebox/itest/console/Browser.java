package io.shoebox.itest.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import io.shoebox.itest.RunningServer;

/**
 * A real headless Chromium (Debian's {@code chromium} with {@code chromium-driver}) on the console, with
 * the few ways to reach into Vaadin's web components a person's clicks and keys need.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Dimension LAPTOP = new Dimension(1366, 900);
    static final Dimension PHONE = new Dimension(390, 844);

    /** Finds the first element matching a CSS selector, looking into shadow roots too. */
    private static final String DEEP_QUERY = """
            const find = (root, selector) => {
              const direct = root.querySelector(selector);
              if (direct) return direct;
              for (const element of root.querySelectorAll('*')) {
                if (element.shadowRoot) {
                  const inside = find(element.shadowRoot, selector);
                  if (inside) return inside;
                }
              }
              return null;
            };
            """;

    private final ChromeDriver driver;
    private final String base;
    private final Path screenshots;

    private Browser(ChromeDriver driver, String base, Path screenshots) {
        this.driver = driver;
        this.base = base;
        this.screenshots = screenshots;
    }

    /** Opens Chromium on the server at {@code port}; skips the calling test when Chromium is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Chromium is not installed (apt-get install chromium chromium-driver): the console's browser tests are skipped");
    }

    /**
     * Waits until the server serves the console (its bundle starts beside the REST API, and health does not
     * wait for it), then opens Chromium on it.
     */
    static Browser openConsole(RunningServer server) {
        await("the console is served at /", Duration.ofSeconds(120), () -> server.anonymousStatus("/") == 200);
        return open(server.port);
    }

    static Browser open(int port) {
        assumeInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + LAPTOP.width + "," + LAPTOP.height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(LAPTOP);
        String property = System.getProperty("shoebox.screenshots", "");
        Path screenshots = property.isBlank() ? null : Path.of(property);
        return new Browser(driver, "http://127.0.0.1:" + port, screenshots);
    }

    void go(String path) {
        driver.get(base + path);
        awaitIdle();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Waits until Vaadin has no request to the server under way. */
    void awaitIdle() {
        await("the page is idle", Duration.ofSeconds(60), () -> Boolean.TRUE.equals(js(
                "return !!(window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients"
                        + " && Object.keys(window.Vaadin.Flow.clients).length > 0"
                        + " && Object.values(window.Vaadin.Flow.clients).every(c => !c.isActive || !c.isActive()))")));
    }

    /** Fills in and submits the sign-in form, which must be on the page. */
    void signIn(String user, String password) {
        element("vaadin-login-form input[name='username']");
        type("vaadin-login-form vaadin-text-field", user);
        type("vaadin-login-form vaadin-password-field", password);
        click("vaadin-login-form vaadin-button[slot='submit']");
    }

    /** The element, found through shadow roots, once it exists. */
    WebElement element(String selector) {
        WebElement[] found = {null};
        await(selector + " is on the page", Duration.ofSeconds(30), () -> {
            found[0] = (WebElement) js(DEEP_QUERY + "return find(document, arguments[0]);", selector);
            return found[0] != null;
        });
        return found[0];
    }

    boolean exists(String selector) {
        return js(DEEP_QUERY + "return find(document, arguments[0]);", selector) != null;
    }

    String text(String selector) {
        return (String) js(DEEP_QUERY + "const e = find(document, arguments[0]); return e ? e.textContent : '';", selector);
    }

    /**
     * Clicks the element. A view the server re-renders between finding the element and clicking it leaves
     * a stale element that was never clicked; the element is then looked up again.
     */
    void click(String selector) {
        await(selector + " is clicked", Duration.ofSeconds(30), () -> {
            WebElement element = element(selector);
            // the view scrolls inside the layout, not the window: bring the element to the middle first
            js("arguments[0].scrollIntoView({block: 'center'});", element);
            element.click();
            return true;
        });
        awaitIdle();
    }

    /** Types into a Vaadin text field (its input is in the light DOM) and commits the value. */
    void type(String fieldSelector, String text) {
        await("'" + text + "' is typed into " + fieldSelector, Duration.ofSeconds(30), () -> {
            WebElement input = element(fieldSelector + " input, " + fieldSelector + " textarea");
            input.clear();
            input.sendKeys(text);
            js("arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", input);
            return true;
        });
        awaitIdle();
    }

    /** Opens a Vaadin select and picks the item whose label contains {@code label}, as a user would. */
    void choose(String selector, String label) {
        click(selector);
        Browser.await("the choice '" + label + "' is offered by " + selector, Duration.ofSeconds(20), () -> Boolean.TRUE.equals(js(
                "const item = [...document.querySelectorAll('vaadin-select-list-box vaadin-select-item')].find(i => i.textContent.includes(arguments[0]));"
                        + " if (!item) return false; item.click(); return true;", label)));
        Browser.await("the choices of " + selector + " close", Duration.ofSeconds(20),
                () -> Boolean.TRUE.equals(js("return !document.querySelector('vaadin-select-overlay[opened]');")));
        awaitIdle();
    }

    /** Ticks the item whose label contains {@code label} in a multi-select combo box, as a user would. */
    void pick(String selector, String label) {
        WebElement input = element(selector + " input");
        input.click();
        input.sendKeys(label);
        Browser.await("the choice '" + label + "' is offered by " + selector, Duration.ofSeconds(20), () -> Boolean.TRUE.equals(js(
                "const item = [...document.querySelectorAll('vaadin-multi-select-combo-box-item')].find(i => i.textContent.includes(arguments[0]));"
                        + " if (!item) return false; item.click(); return true;", label)));
        input.sendKeys(org.openqa.selenium.Keys.ESCAPE);
        awaitIdle();
    }

    /** The texts of a grid's cells, in the order the grid holds them in the DOM. */
    @SuppressWarnings("unchecked")
    List<String> gridTexts(String gridSelector) {
        return (List<String>) js("const grid = document.querySelector(arguments[0]); return grid ? [...grid"
                + ".querySelectorAll('vaadin-grid-cell-content')].map(c => c.textContent.trim()) : [];", gridSelector);
    }

    /** Clicks an element inside the first cell of the grid row whose cell shows exactly {@code text}. */
    void clickInRowOf(String gridSelector, String text, String selectorInFirstCell) {
        Object clicked = js("""
                const grid = document.querySelector(arguments[0]);
                const content = [...grid.querySelectorAll('vaadin-grid-cell-content')].find(c => c.textContent.trim() === arguments[1]);
                if (!content) return false;
                const slot = grid.shadowRoot.querySelector('slot[name="' + content.getAttribute('slot') + '"]');
                const row = slot.closest('tr');
                const firstSlot = row.querySelector('slot').getAttribute('name');
                const target = grid.querySelector('vaadin-grid-cell-content[slot="' + firstSlot + '"] ' + arguments[2]);
                if (!target) return false;
                target.click();
                return true;
                """, gridSelector, text, selectorInFirstCell);
        if (!Boolean.TRUE.equals(clicked)) {
            throw new AssertionError("no row showing '" + text + "' with " + selectorInFirstCell + " in " + gridSelector);
        }
        awaitIdle();
    }

    /** Expands a folder of a tree grid by its name. */
    void expand(String gridSelector, String name) {
        await("folder " + name + " appears in " + gridSelector, Duration.ofSeconds(30),
                () -> gridTexts(gridSelector).contains(name));
        Object clicked = js("""
                const grid = document.querySelector(arguments[0]);
                const toggle = [...grid.querySelectorAll('vaadin-grid-tree-toggle')].find(t => t.textContent.trim() === arguments[1]);
                if (!toggle) return false;
                toggle.click();
                return true;
                """, gridSelector, name);
        if (!Boolean.TRUE.equals(clicked)) {
            throw new AssertionError("no folder " + name + " in " + gridSelector);
        }
        awaitIdle();
    }

    /** Gives a file to an upload component, as choosing it in the file dialog would. */
    void upload(String uploadSelector, Path file) {
        WebElement upload = element(uploadSelector);
        WebElement input = upload.getShadowRoot().findElement(org.openqa.selenium.By.cssSelector("input[type=file]"));
        input.sendKeys(file.toAbsolutePath().toString());
    }

    void resize(Dimension size) {
        driver.manage().window().setSize(size);
    }

    /** Saves a PNG of the page as {@code name}.png when screenshots were asked for (-Dshoebox.screenshots=dir). */
    void screenshot(String name) throws IOException {
        if (screenshots == null) {
            return;
        }
        awaitIdle();
        Files.createDirectories(screenshots);
        Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        WebDriverException last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (WebDriverException e) {
                last = e; // the page is changing; look again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what
                        + (last == null ? "" : "; last: " + last.getMessage().lines().findFirst().orElse("")));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

}
