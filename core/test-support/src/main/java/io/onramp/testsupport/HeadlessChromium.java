package io.onramp.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's Chromium and ChromeDriver, headless, for tests of the pages people use (Selenium; no browser
 * download). Under CI a missing browser fails the test; elsewhere the test is skipped and says how to
 * install it. Needs {@code selenium-chrome-driver} on the test classpath.
 */
public final class HeadlessChromium {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private HeadlessChromium() {
	}

	/** Fails (under CI) or skips (elsewhere) the calling test unless Chromium and ChromeDriver are installed. */
	public static void requireInstalled() {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (System.getenv("CI") != null && !installed) {
			throw new AssertionError("Headless Chromium and chromedriver are needed: apt-get install -y chromium chromium-driver");
		}
		assumeTrue(installed, "Chromium is not installed: apt-get install -y chromium chromium-driver");
	}

	/** A new browser with a 1280×900 window and its own profile, without any network access of its own. */
	public static ChromeDriver start() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,900");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	/** Saves what the browser shows as {@code target/screenshots/<name>}. */
	public static void screenshot(ChromeDriver browser, String name) throws IOException {
		File shot = browser.getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", "screenshots", name);
		Files.createDirectories(target.getParent());
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

}
