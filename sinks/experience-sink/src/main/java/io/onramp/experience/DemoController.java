package io.onramp.experience;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.onramp.contracts.StreamTokens;

/**
 * The demo onboarding page at {@code /demo/} and the stand-in for a product's backend it needs:
 * {@code POST /demo/session} signs in a new demo user and mints their stream token. Only with
 * {@code onramp.sink.demo.enabled=true} (the sandbox sets it).
 */
@RestController
@ConditionalOnBooleanProperty("onramp.sink.demo.enabled")
class DemoController implements WebMvcConfigurer {

	private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);

	private final StreamTokens tokens;

	private final SinkProperties properties;

	DemoController(StreamTokens tokens, SinkProperties properties) {
		this.tokens = tokens;
		this.properties = properties;
	}

	@PostMapping("/demo/session")
	Map<String, String> session() {
		String userId = "demo-" + UUID.randomUUID();
		String token = tokens.mint(userId, TOKEN_LIFETIME);
		return Map.of("userId", userId, "token", token, "captureUrl", properties.getDemo().getCaptureUrl(), "writeKey",
				properties.getDemo().getWriteKey() == null ? "" : properties.getDemo().getWriteKey(), "streamUrl",
				"/v1/users/" + userId + "/experience/stream?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/demo/**").addResourceLocations("classpath:/onramp/demo/");
	}

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/demo", "/demo/");
		registry.addViewController("/demo/").setViewName("forward:/demo/index.html");
	}

}
