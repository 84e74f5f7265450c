package io.onramp.features;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.onramp.features.FeatureDefinition.Aggregation;
import io.onramp.features.FeatureDefinition.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FeatureRegistryTest {

	@Test
	void theShippedRegistryHoldsTheOnboardingFeatures() {
		FeatureRegistry registry = FeatureRegistry.defaults();
		assertThat(registry.features()).extracting(FeatureDefinition::name)
			.contains("session_count", "session_duration_s", "events_total", "clicks_5m", "page_views", "forms_submitted",
					"steps_completed", "onboarding_progress", "engagement_score", "device_type", "device_switches",
					"first_seen", "last_seen", "seconds_idle", "errors_seen");
		assertThat(registry.sessionTimeout()).isEqualTo(Duration.ofMinutes(30));
		FeatureDefinition clicks = registry.find("clicks_5m").orElseThrow();
		assertThat(clicks.aggregation()).isEqualTo(Aggregation.COUNT);
		assertThat(clicks.window()).isEqualTo(Window.sliding(Duration.ofMinutes(5)));
	}

	@Test
	void mistakesAreRefusedWithWhereAndWhy() {
		assertRefused("{\"name\": \"Bad Name\", \"aggregation\": \"count\"}", "features[0].name");
		assertRefused("{\"name\": \"x\", \"aggregation\": \"median\"}", "'median' is not one of");
		assertRefused("{\"name\": \"x\", \"aggregation\": \"max\"}", "needs the event field it reads");
		assertRefused("{\"name\": \"x\", \"aggregation\": \"last\", \"field\": \"context.planet\"}", "events have no field 'context.planet'");
		assertRefused("{\"name\": \"x\", \"aggregation\": \"count\", \"filter\": {\"kind\": [\"a\"]}}", "features[0].filter.kind");
		assertRefused("{\"name\": \"x\", \"aggregation\": \"max\", \"field\": \"occurredAt\", \"window\": \"PT5M\"}",
				"a sliding window works with count and sum only");
		assertRefused("{\"name\": \"x\", \"aggregation\": \"ratio\", \"numerator\": \"later\", \"denominator\": 2}",
				"defined above it");
		assertRefused("{\"name\": \"x\", \"aggregation\": \"decayed_score\", \"weights\": {\"click\": 1}}", "needs a halfLife");
		assertRefused("{\"name\": \"x\", \"aggregation\": \"count\", \"window\": \"5 minutes\"}", "not a duration");
	}

	@Test
	void theGeneratedScriptPassesEachEventFieldOnce() {
		FeatureScript script = FeatureScript.generate(FeatureRegistry.read("""
				{"features": [
				  {"name": "a", "aggregation": "last", "type": "text", "field": "context.device"},
				  {"name": "b", "aggregation": "changes", "field": "context.device"},
				  {"name": "c", "aggregation": "distinct_count", "field": "properties.step"},
				  {"name": "d", "aggregation": "count", "filter": {"properties.name": ["it's"]}, "window": "PT1M"}]}
				"""));
		assertThat(script.fields()).containsExactly("context.device", "properties.step", "properties.name");
		assertThat(script.auxKeys()).containsExactly("c", "d");
		assertThat(script.lua()).contains("'it\\'s'");
	}

	@Test
	void filtersAndWeightsKeepTheRegistrysOrderSoEveryInstanceGeneratesTheSameScript() {
		// Six entries each: a copy in hash order (Map.copyOf, salted per JVM) would match this order by chance
		// once in 720 runs.
		FeatureRegistry registry = FeatureRegistry.read("""
				{"features": [
				  {"name": "a", "aggregation": "count", "filter": {"type": ["click"], "context.os": ["ios"], "context.browser": ["x"],
				   "context.locale": ["en"], "properties.plan": ["pro"], "context.device": ["mobile"]}},
				  {"name": "s", "aggregation": "decayed_score", "halfLife": "PT30M", "scale": 10,
				   "weights": {"step_completed": 5, "click": 1, "page_view": 0.5, "form_submit": 3, "custom": 2, "session_start": 1}}]}
				""");

		assertThat(registry.features().get(0).filter().keySet()).containsExactly("type", "context.os", "context.browser",
				"context.locale", "properties.plan", "context.device");
		assertThat(registry.features().get(1).weights().keySet()).containsExactly("step_completed", "click", "page_view",
				"form_submit", "custom", "session_start");
		assertThat(FeatureScript.generate(registry).lua()).contains(
				"(etype == 'click') and (a1 == 'ios') and (a2 == 'x') and (a3 == 'en') and (a4 == 'pro') and (a5 == 'mobile')");
	}

	private static void assertRefused(String feature, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> FeatureRegistry.read("{\"features\": [" + feature + "]}"))
			.withMessageContaining(message);
	}

}
