package io.onramp.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.rules.Rule;
import io.onramp.rules.Ruleset;
import io.onramp.rules.RulesetJson;
import io.onramp.rules.store.RulesetStore;
import io.onramp.testsupport.BrokerClient;
import io.onramp.testsupport.HeadlessChromium;
import io.onramp.testsupport.RedisTestClient;
import io.onramp.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo onboarding page in headless Chromium against the whole pipeline (Kafka): a device switch, a
 * completed step and a newly published ruleset each change the open page, without a reload.
 */
class OnboardingDemoBrowserTest {

	private static LocalPipeline pipeline;

	private static String namespace;

	private ChromeDriver browser;

	private WebDriverWait wait;

	@BeforeAll
	static void startPipeline() throws IOException {
		HeadlessChromium.requireInstalled();
		namespace = TestServices.uniqueName("demo");
		pipeline = LocalPipeline.start(new LocalPipeline.Settings(Broker.KAFKA, TestServices.kafka(), null,
				TestServices.redis(), TestServices.postgres(), namespace, 0, Files.createTempDirectory("onramp-lake")));
	}

	@AfterAll
	static void stopPipeline() {
		if (pipeline != null) {
			pipeline.close();
			TestServices.postgres().dropSchema(namespace);
			try (RedisTestClient redis = new RedisTestClient()) {
				redis.deletePrefix(namespace);
			}
		}
	}

	@BeforeEach
	void openBrowser() {
		browser = HeadlessChromium.start();
		wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(10));
	}

	@AfterEach
	void closeBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void narrowingTheWindowToPhoneSizeSwitchesTheOpenPageToTheCompactLayout() throws Exception {
		openDemo();
		WebElement app = browser.findElement(By.id("app"));
		assertThat(app.getDomAttribute("data-density")).isEqualTo("high");
		assertThat(visibleFeatures()).containsExactlyInAnyOrder("bulk_import", "keyboard_shortcuts");
		String loadId = marks("loadId");
		screenshot("demo-desktop.png");

		browser.manage().window().setSize(new Dimension(390, 844));
		wait.until(driver -> "compact".equals(app.getDomAttribute("data-layout")));

		assertThat(app.getDomAttribute("data-density")).isEqualTo("low");
		assertThat(visibleFeatures()).containsExactly("quick_actions");
		assertThat(browser.findElements(By.cssSelector("#checklist li"))).extracting(item -> item.getDomAttribute("data-item"))
			.containsExactly("profile", "invite_team", "connect_data");
		assertThat(marks("loadId")).as("the page was not reloaded").isEqualTo(loadId);
		double resizeToCompact = ((Number) script("return window.onrampDemo.compactAt - window.onrampDemo.deviceChangedAt"))
			.doubleValue();
		System.out.printf("[onramp-browser] resize to phone size -> compact layout in the DOM: %.0f ms%n", resizeToCompact);
		assertThat(resizeToCompact).isPositive();
		screenshot("demo-mobile.png");
	}

	@Test
	void completingAStepShowsTheNextStepsHint() {
		openDemo();
		WebElement hint = browser.findElement(By.id("hint"));
		wait.until(driver -> "step-1".equals(hint.getDomAttribute("data-hint-id")));

		browser.findElement(By.cssSelector("[data-complete='1']")).click();

		wait.until(driver -> "step-2".equals(hint.getDomAttribute("data-hint-id")));
		assertThat(hint.getText()).contains("complete your profile");
	}

	@Test
	void publishingARulesetReleaseChangesTheOpenPage() throws Exception {
		openDemo();
		WebElement app = browser.findElement(By.id("app"));
		String loadId = marks("loadId");
		String before = app.getDomAttribute("data-release");

		try (RedisTestClient redis = new RedisTestClient()) {
			RulesetStore store = new RulesetStore(redis.template(), new RedisKeys(namespace), Clock.systemUTC());
			Ruleset starter = RulesetJson.readResource("onramp/rulesets/starter.json");
			Rule welcome = RulesetJson.readRule("""
					{"id": "desktop-welcome", "version": 1, "name": "Greet desktop users", "priority": 200,
					 "when": {"all": [{"feature": "device_type", "op": "eq", "value": "desktop"}]},
					 "then": [{"showHint": {"id": "desktop-welcome", "text": "Tip: press ? for keyboard shortcuts."}}]}
					""");
			List<Rule> rules = new ArrayList<>(starter.rules());
			rules.add(welcome);
			long release = store.publish(new Ruleset(starter.defaults(), rules), "browser test");
			try {
				WebElement hint = browser.findElement(By.id("hint"));
				wait.until(driver -> "desktop-welcome".equals(hint.getDomAttribute("data-hint-id")));
				assertThat(app.getDomAttribute("data-release")).isEqualTo(Long.toString(release)).isNotEqualTo(before);
				assertThat(marks("loadId")).as("the page was not reloaded").isEqualTo(loadId);
			}
			finally {
				// The other journeys expect the starter rules.
				store.publish(starter, "browser test (restore)");
			}
		}
	}

	@Test
	void theSdkKeepsEventsWhileTheApiIsUnreachableAcrossAReloadAndSendsEachOnce() throws Exception {
		openDemo();
		wait.until(driver -> Boolean.TRUE.equals(script("return window.onrampDemo.sdk === true")));
		try (BrokerClient broker = BrokerClient.of("kafka");
				BrokerClient.Subscription events = broker.subscribe(pipeline.destination("events"))) {
			browser.executeCdpCommand("Network.enable", Map.of());
			browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/v1/events*")));
			List<String> ids = new ArrayList<>();
			for (int i = 1; i <= 3; i++) {
				ids.add((String) script("return onramp.track('custom', {name: 'offline-" + ids.size() + "'})"));
			}
			script("onramp.flush()");
			wait.until(driver -> ((Number) script("return onramp.queued()")).intValue() >= 3);

			browser.navigate().refresh();
			wait.until(driver -> Boolean.TRUE.equals(script("return window.onrampDemo && window.onrampDemo.sdk === true")));
			assertThat(((Number) script("return onramp.queued()")).intValue()).as("the queue survived the reload")
				.isGreaterThanOrEqualTo(3);

			browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
			script("onramp.flush()");

			Map<String, Integer> seen = new java.util.HashMap<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline && !(seen.keySet().containsAll(ids))) {
				byte[] record = events.poll(Duration.ofMillis(500));
				if (record != null) {
					seen.merge(OnrampJson.mapper().readTree(record).get("eventId").asString(), 1, Integer::sum);
				}
			}
			for (byte[] record : events.take(100, Duration.ofSeconds(3))) {
				seen.merge(OnrampJson.mapper().readTree(record).get("eventId").asString(), 1, Integer::sum);
			}
			for (String id : ids) {
				assertThat(seen.get(id)).as("event %s arrived once", id).isEqualTo(1);
			}
		}
	}

	private void openDemo() {
		browser.get(pipeline.demoUrl().toString());
		WebElement app = browser.findElement(By.id("app"));
		wait.until(driver -> "true".equals(app.getDomAttribute("data-connected"))
				&& app.getDomAttribute("data-release") != null);
		assertThat(app.getDomAttribute("data-layout")).isEqualTo("standard");
	}

	private List<String> visibleFeatures() {
		return browser.findElements(By.cssSelector("#features li"))
			.stream()
			.filter(WebElement::isDisplayed)
			.map(item -> item.getDomAttribute("data-feature"))
			.toList();
	}

	private String marks(String name) {
		Object value = script("return window.onrampDemo." + name);
		return value == null ? null : value.toString();
	}

	private Object script(String source) {
		return ((JavascriptExecutor) browser).executeScript(source);
	}

	private void screenshot(String name) throws IOException {
		HeadlessChromium.screenshot(browser, name);
	}

}
