package io.agner.observer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.GenServers;
import io.agner.hotswap.CodeServer;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ServerRef;
import io.agner.supervisor.ChildInfo;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.RestartStrategy;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 17's browser scenarios, in a real headless Chromium against a node with a small
 * supervision tree ({@code top}: the module process {@code counter} and a simple-one-for-one
 * {@code pool} of 25 workers on the same module). One node and one browser for the class; the
 * tests run in order, as a user would click. Screenshots go to {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {

    static final int POOL = 25;

    private Node node;
    private Observer observer;
    private Browser browser;
    private Pid top;
    private Path dir;
    private final AtomicLong calls = new AtomicLong();

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("agner-observer-test-");
        node = Node.start();
        CodeServer.start(node);
        CodeServer.load(node, CounterModule.jar(dir, "1"));
        SupFlags lenient = SupFlags.DEFAULT.withIntensity(10, Duration.ofMinutes(1));
        top = Supervisor.start(node, lenient, List.of(
                ChildSpec.worker("counter", (s, args) -> CodeServer.startLink(s, "counter", List.of())),
                ChildSpec.supervisor("pool", (s, args) -> Supervisor.startLink(s, lenient.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE),
                        List.of(ChildSpec.worker("worker", (w, a) -> CodeServer.startLink(w, "counter", List.of()))), "pool"))), "top");
        for (int i = 0; i < POOL; i++) {
            Supervisor.startChild(node, ServerRef.named("pool"), List.of());
        }
        observer = Observer.start(node, ObserverOptions.DEFAULT.withNodeName("browser-test").withControlDir(dir.resolve("agner")))
                .addDashboard("calls", () -> Map.of("calls made", calls.get()));
        browser = new Browser();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (observer != null) {
            observer.close();
        }
        if (node != null) {
            node.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }

    private Pid counter() {
        return child(top, "counter");
    }

    private Pid child(Pid sup, String id) {
        return Supervisor.whichChildren(node, sup).stream().filter(c -> c.id().equals(java.util.Optional.of(id)))
                .map(ChildInfo::pid).flatMap(java.util.Optional::stream).findFirst().orElseThrow();
    }

    private WebElement waitFor(By by) {
        return browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void waitForText(By by, String text) {
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    @Test
    @Order(1)
    void overview_showsTheNodeLive() {
        browser.driver.get(observer.uri().toString());
        waitForText(By.id("card-node"), "browser-test");
        long processes = node.processCounts().running();
        String shown = waitFor(By.cssSelector("#card-processes .value")).getText().replace(",", "");
        assertTrue(Math.abs(Long.parseLong(shown) - processes) <= 2, shown + " vs " + processes);
        waitFor(By.cssSelector(".chart canvas"));
        assertTrue(!browser.driver.getCurrentUrl().contains("token="), "the token stays out of the address bar: " + browser.driver.getCurrentUrl());
        browser.screenshot("overview");
    }

    @Test
    @Order(2)
    void processes_areFilteredAndPagedOnTheServer() {
        browser.driver.get(observer.uri() + "#/processes");
        waitForText(By.id("process-count"), "processes");
        browser.driver.findElement(By.id("process-filter")).sendKeys("counter@1");
        waitForText(By.id("process-count"), "of " + (POOL + 1) + " matching");
        assertEquals(POOL + 1, browser.driver.findElements(By.cssSelector("#process-rows tr")).size());
        browser.screenshot("processes");
    }

    @Test
    @Order(3)
    void theTreeShows_withStrategy_andLargeDynamicSetsSummarised() {
        browser.driver.get(observer.uri() + "#/tree");
        WebElement root = waitFor(By.cssSelector("#tree > li[data-pid='" + top + "']"));
        browser.waiting().until(d -> root.getText().contains("one_for_one"));
        waitFor(By.cssSelector("li[data-id='counter'] a.pid"));
        waitForText(By.id("tree"), "… and " + (POOL - NodeViews.SHOWN_DYNAMIC) + " more");
        browser.driver.findElement(By.cssSelector("button.show-more")).click();
        browser.waiting().until(d -> d.findElements(By.cssSelector("li[data-id='pool'] > ul > li.tnode")).size() == POOL);
        browser.screenshot("tree");
    }

    @Test
    @Order(4)
    void clickingAProcess_showsItsStackAndState() {
        Pid pid = counter();
        browser.driver.get(observer.uri() + "#/tree");
        waitFor(By.cssSelector("li[data-id='counter'] > a.pid")).click();
        waitForText(By.id("process-title"), pid.toString());
        waitForText(By.id("stack"), "receive");
        waitForText(By.id("state"), "State[count=");
        waitForText(By.id("info-module"), "counter");
        browser.screenshot("process");
    }

    @Test
    @Order(5)
    void tracing_streamsItsMessagesToThePage() {
        Pid pid = counter();
        browser.driver.get(observer.uri() + "#/process/" + java.net.URLEncoder.encode(pid.toString(), java.nio.charset.StandardCharsets.UTF_8));
        waitForText(By.id("process-title"), pid.toString());
        browser.driver.findElement(By.id("trace-start")).click();
        waitForText(By.id("trace"), "tracing " + pid);
        GenServers.call(node, pid, "hello from the test");
        calls.incrementAndGet();
        waitForText(By.id("trace"), "<< ");
        waitForText(By.id("trace"), "hello from the test");
        browser.driver.findElement(By.id("trace-start")).click(); // stop
        browser.waiting().until(d -> !node.info(pid).orElseThrow().links().isEmpty()); // still alive and linked
    }

    @Test
    @Order(6)
    void killingFromThePage_restartsIt_andThePageShowsTheNewPidAndRestartCount() {
        Pid old = counter();
        browser.driver.get(observer.uri() + "#/process/" + java.net.URLEncoder.encode(old.toString(), java.nio.charset.StandardCharsets.UTF_8));
        waitForText(By.id("process-title"), old.toString());
        browser.driver.findElement(By.id("kill")).click();
        browser.waiting().until(ExpectedConditions.alertIsPresent()).accept();
        waitForText(By.id("process-title"), "exited");

        browser.driver.get(observer.uri() + "#/tree");
        browser.waiting().until(d -> {
            var link = d.findElements(By.cssSelector("li[data-id='counter'] > a.pid"));
            return !link.isEmpty() && !link.get(0).getText().equals(old.toString());
        });
        waitForText(By.cssSelector("li[data-id='counter'] > .restarts"), "restarted 1 time");
        String shown = browser.driver.findElement(By.cssSelector("li[data-id='counter'] > a.pid")).getText();
        assertNotEquals(old.toString(), shown);
        assertEquals(counter().toString(), shown);
        browser.screenshot("tree-after-kill");

        browser.driver.get(observer.uri() + "#/overview");
        waitForText(By.id("reports"), "supervisor restart: supervisor " + top + " (top): child 'counter' exited with reason killed");
    }

    @Test
    @Order(7)
    void loadingAJarFromThePage_upgradesTheModule() throws Exception {
        Path v2 = CounterModule.jar(dir, "2");
        browser.driver.get(observer.uri() + "#/modules");
        waitForText(By.cssSelector("tr[data-module='counter'] .current"), "1");
        browser.driver.findElement(By.id("jar")).sendKeys(v2.toAbsolutePath().toString());
        browser.driver.findElement(By.id("load")).click();
        browser.waiting().until(ExpectedConditions.alertIsPresent()).accept();
        waitForText(By.id("load-result"), "counter 1 -> 2: committed");
        waitForText(By.id("load-result"), (POOL + 1) + " of " + (POOL + 1) + " processes upgraded");
        waitForText(By.cssSelector("tr[data-module='counter'] .current"), "2");
        assertTrue(((String) GenServers.call(node, counter(), "get")).startsWith("counter@2:"));
        waitForText(By.cssSelector("tr[data-module='counter'] .old"), "1");
        waitForText(By.id("upgrades"), "counter 1 -> 2: committed, " + (POOL + 1) + " processes"); // from the node's JFR event
        browser.screenshot("modules");

        browser.driver.findElement(By.cssSelector("tr[data-module='counter'] button.purge")).click();
        browser.waiting().until(ExpectedConditions.alertIsPresent()).accept();
        waitForText(By.id("load-result"), "purged counter@1; no process was on it");
        waitForText(By.cssSelector("tr[data-module='counter'] .old"), "-");
        assertEquals(null, CodeServer.modules(node).getFirst().old());
    }

    @Test
    @Order(8)
    void aDashboard_showsTheApplicationsNumbers() {
        browser.driver.get(observer.uri() + "#/dash/calls");
        waitForText(By.id("dash-cards"), "calls made");
        waitForText(By.id("dash-cards"), String.valueOf(calls.get()));
        browser.screenshot("dashboard");
    }

    @Test
    @Order(9)
    void noPageHadAScriptError() {
        List<String> errors = browser.consoleErrors().stream()
                .filter(e -> !e.contains("status of 401")) // the next test's page, if the log was read late
                .filter(e -> !(e.contains("/api/process?") && e.contains("status of 404"))) // the killed process: "exited"
                .toList();
        assertEquals(List.of(), errors);
    }

    @Test
    @Order(10)
    void withoutTheToken_theBrowserGets401() {
        browser.driver.manage().deleteAllCookies();
        browser.driver.get("http://127.0.0.1:" + observer.address().getPort() + "/");
        waitForText(By.tagName("body"), "unauthorized");
        browser.screenshot("unauthorized");
    }
}
