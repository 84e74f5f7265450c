package io.onramp.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.onramp.evaluator.TriggerEvaluatorApplication;
import io.onramp.rules.RulesetJson;
import io.onramp.rules.RulesetRelease;
import io.onramp.rules.store.RulesetStore;
import io.onramp.testsupport.AppProcess;
import io.onramp.testsupport.HeadlessChromium;
import io.onramp.testsupport.StreamAppArgs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rules-admin in headless Chromium, with a real trigger-evaluator (its own process) reading releases from
 * the same Redis: an editor builds a rule without code, an approver approves and publishes it and sees the
 * evaluator run it; versions are compared; a release is rolled back; a viewer cannot edit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RulesAdminBrowserTest {

	private static final Pattern PUBLISHED = Pattern.compile("Published release (\\d+)\\.");

	private static final Pattern ROLLED_BACK = Pattern.compile("as release (\\d+)\\.");

	private static String redisPrefix;

	private static AppProcess evaluator;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		redisPrefix = AdminTestUsers.register(registry, "admin_browser");
	}

	@BeforeAll
	static void requireBrowser() {
		HeadlessChromium.requireInstalled();
	}

	@AfterAll
	static void stopEvaluator() {
		if (evaluator != null) {
			evaluator.close();
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	RulesetStore store;

	private ChromeDriver browser;

	private WebDriverWait wait;

	@BeforeEach
	void openBrowser() throws Exception {
		if (evaluator == null) {
			List<String> args = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN",
					AppProcess.STREAM_APP_BESIDE_RULES_ADMIN));
			args.addAll(StreamAppArgs.broker("kafka"));
			args.addAll(StreamAppArgs.redis(redisPrefix));
			args.addAll(StreamAppArgs.destinations(redisPrefix + ".features", redisPrefix + ".decisions"));
			evaluator = AppProcess.start(TriggerEvaluatorApplication.class, "256m", args);
		}
		browser = HeadlessChromium.start();
		wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(20));
	}

	@AfterEach
	void closeBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void aRuleGoesFromTheBuilderThroughReviewToTheRunningEvaluatorAndBack() throws Exception {
		// An editor builds a rule: a device condition and an any-of group, a density and a hint.
		signIn(AdminTestUsers.EDITOR);
		open("/rules");
		browser.findElement(By.id("new-rule")).click();
		wait.until(page -> !page.findElements(By.id("rule-id")).isEmpty());
		type(By.id("rule-id"), "tablet-welcome");
		type(By.id("rule-name"), "Welcome tablet users");
		type(By.id("rule-priority"), "70");
		type(By.id("rule-tags"), "tablet, welcome");
		WebElement device = browser.findElements(By.cssSelector("#conditions > .comparison")).get(0);
		type(device.findElement(By.className("value")), "tablet");
		browser.findElement(By.id("add-group")).click();
		WebElement group = browser.findElement(By.cssSelector("#conditions > .group"));
		new Select(group.findElement(By.className("group-combinator"))).selectByValue("any");
		fill(group.findElements(By.className("comparison")).get(0), "steps_completed", "gte", "1");
		group.findElement(By.className("add-to-group")).click();
		fill(group.findElements(By.className("comparison")).get(1), "engagement_score", "gt", "5");
		new Select(browser.findElement(By.id("layout"))).selectByValue("");
		new Select(browser.findElement(By.id("density"))).selectByValue("medium");
		type(By.id("hint-id"), "tablet-tip");
		type(By.id("hint-text"), "Try the tablet shortcuts");
		wait.until(page -> page.findElement(By.id("preview-text")).getText().contains("medium"));
		String words = browser.findElement(By.id("preview-text")).getText();
		assertThat(words).contains("device_type is 'tablet'").contains("steps_completed").contains("engagement_score");
		assertThat(browser.findElements(By.cssSelector("#preview-problems li"))).isEmpty();
		browser.executeScript("window.scrollTo(0, 0)");
		HeadlessChromium.screenshot(browser, "rules-editor.png");
		type(By.id("note"), "First version");
		browser.findElement(By.id("save")).click();
		flash("version 1, a draft");
		assertThat(browser.findElement(By.id("plain-words")).getText()).isEqualTo(words);

		// A second version, compared with the first.
		browser.findElement(By.id("edit-rule")).click();
		wait.until(page -> !page.findElements(By.id("rule-priority")).isEmpty());
		type(By.id("rule-priority"), "80");
		type(By.id("note"), "Above the generic hints");
		browser.findElement(By.id("save")).click();
		flash("version 2");
		browser.findElement(By.id("compare")).click();
		WebElement changed = wait.until(page -> page.findElement(By.cssSelector("#diff tr.change")));
		assertThat(changed.getText()).contains("70").contains("80");
		HeadlessChromium.screenshot(browser, "rules-diff.png");
		open("/rules/tablet-welcome");
		version(2).findElement(By.className("submit-review")).click();
		flash("Version 2: submitted");

		// An approver approves and publishes; the evaluator runs the new release.
		signIn(AdminTestUsers.APPROVER);
		open("/rules/tablet-welcome");
		version(2).findElement(By.className("approve")).click();
		flash("Version 2: approved");
		long first = publish("Tablet welcome");
		awaitEvaluatorRuns(first);
		RulesetRelease live = RulesetJson.readRelease(store.releaseJson(first).orElseThrow());
		assertThat(live.ruleset().rules()).extracting(rule -> rule.id() + " v" + rule.version()).containsExactly("tablet-welcome v2");
		open("/rules");
		HeadlessChromium.screenshot(browser, "rules-list.png");
		assertThat(browser.findElement(By.cssSelector("tr[data-rule='tablet-welcome']")).getText()).contains("PUBLISHED");

		// Version 3 is published, then release 'first' is rolled back to: the evaluator runs version 2 again.
		signIn(AdminTestUsers.EDITOR);
		open("/rules/tablet-welcome/edit");
		type(By.id("rule-priority"), "90");
		browser.findElement(By.id("save")).click();
		flash("version 3");
		version(3).findElement(By.className("submit-review")).click();
		flash("Version 3: submitted");
		signIn(AdminTestUsers.APPROVER);
		open("/rules/tablet-welcome");
		version(3).findElement(By.className("approve")).click();
		flash("Version 3: approved");
		long second = publish("");
		awaitEvaluatorRuns(second);
		browser.findElement(By.cssSelector("tr[data-release='" + first + "'] .rollback")).click();
		Matcher rolledBack = ROLLED_BACK.matcher(flash("is live again"));
		assertThat(rolledBack.find()).isTrue();
		long third = Long.parseLong(rolledBack.group(1));
		awaitEvaluatorRuns(third);
		assertThat(RulesetJson.readRelease(store.releaseJson(third).orElseThrow()).ruleset().rules().get(0).version()).isEqualTo(2);

		// A viewer sees the rule but cannot edit it.
		signIn(AdminTestUsers.VIEWER);
		open("/rules/tablet-welcome");
		assertThat(browser.findElements(By.id("edit-rule"))).isEmpty();
		assertThat(browser.findElements(By.className("approve"))).isEmpty();
		open("/rules/tablet-welcome/edit");
		assertThat(browser.getPageSource()).contains("403");
		open("/releases");
		assertThat(browser.findElements(By.id("publish"))).isEmpty();
	}

	private void signIn(AdminTestUsers user) {
		browser.manage().deleteAllCookies();
		open("/login");
		type(By.id("username"), user.username);
		type(By.id("password"), user.password());
		browser.findElement(By.id("sign-in")).click();
		wait.until(page -> !page.findElements(By.id("signed-in-as")).isEmpty());
		assertThat(browser.findElement(By.id("signed-in-as")).getText()).isEqualTo(user.username);
	}

	private long publish(String note) {
		open("/releases");
		type(By.name("note"), note);
		browser.findElement(By.id("publish")).click();
		Matcher published = PUBLISHED.matcher(flash("Published release"));
		assertThat(published.find()).as(browser.getPageSource()).isTrue();
		return Long.parseLong(published.group(1));
	}

	/** The releases page lists the evaluator instance with this release (it reports what it runs). */
	private void awaitEvaluatorRuns(long release) {
		wait.withTimeout(Duration.ofSeconds(30)).until(page -> {
			open("/releases");
			return page.findElements(By.cssSelector("#instances td")).stream().anyMatch(cell -> cell.getText().equals(Long.toString(release)));
		});
		assertThat(store.activeNumber()).hasValue(release);
	}

	private WebElement version(int version) {
		return browser.findElement(By.cssSelector("#versions tr[data-version='" + version + "']"));
	}

	/** Waits for the message the page shows after an action, one that contains {@code expected}. */
	private String flash(String expected) {
		return wait.ignoring(StaleElementReferenceException.class).until(page -> {
			String text = page.findElement(By.id("flash-message")).getText();
			return text.contains(expected) ? text : null;
		});
	}

	private void fill(WebElement row, String feature, String operator, String value) {
		new Select(row.findElement(By.className("feature"))).selectByValue(feature);
		new Select(row.findElement(By.className("op"))).selectByValue(operator);
		type(row.findElement(By.className("value")), value);
	}

	private void type(By field, String text) {
		type(browser.findElement(field), text);
	}

	private void type(WebElement field, String text) {
		field.clear();
		field.sendKeys(text);
	}

	private void open(String path) {
		browser.get("http://localhost:" + port + path);
	}


}
