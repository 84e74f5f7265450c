package io.onramp.evaluator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.messaging.Message;
import org.springframework.scheduling.annotation.Scheduled;

import io.onramp.contracts.RedisKeys;
import io.onramp.features.FeatureClient;
import io.onramp.features.FeatureRegistry;
import io.onramp.rules.FeatureCatalog;
import io.onramp.rules.RulesetJson;
import io.onramp.rules.store.RulesetStore;

@Configuration(proxyBeanMethods = false)
class EvaluatorConfiguration {

	@Bean
	RulesetStore rulesetStore(StringRedisTemplate redis, RedisKeys keys) {
		return new RulesetStore(redis, keys, Clock.systemUTC());
	}

	/** Loads the active release at start, seeding the bootstrap ruleset when a deployment has none yet. */
	@Bean
	ActiveRuleset activeRuleset(RulesetStore store, EvaluatorProperties properties,
			@Value("${spring.application.name:trigger-evaluator}") String applicationName) {
		// pid@host, plus a random part: several evaluators may share a JVM (the sandbox, benchmarks).
		String instanceId = applicationName + "@" + ManagementFactory.getRuntimeMXBean().getName() + "/"
				+ UUID.randomUUID().toString().substring(0, 8);
		ActiveRuleset active = new ActiveRuleset(store, FeatureCatalog.defaults(), instanceId);
		if (store.activeNumber().isEmpty()) {
			store.publishIfNone(RulesetJson.read(read(properties)), applicationName + " (bootstrap)");
		}
		active.reload();
		active.current();
		return active;
	}

	/** Reloads on every "rules changed" notification, one reload at a time, off the listener thread. */
	@Bean
	RedisMessageListenerContainer rulesChangedListener(RedisConnectionFactory connectionFactory, RedisKeys keys,
			ActiveRuleset activeRuleset) {
		ExecutorService reloads = Executors.newSingleThreadExecutor(runnable -> {
			Thread thread = new Thread(runnable, "ruleset-reload");
			thread.setDaemon(true);
			return thread;
		});
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		container.addMessageListener((message, pattern) -> reloads.execute(activeRuleset::reload),
				new ChannelTopic(keys.rulesChangedChannel()));
		return container;
	}

	@Bean
	RulesetPolling rulesetPolling(ActiveRuleset activeRuleset) {
		return new RulesetPolling(activeRuleset);
	}

	@Bean
	RulesetHealthIndicator rulesetHealthIndicator(ActiveRuleset activeRuleset) {
		return new RulesetHealthIndicator(activeRuleset);
	}

	@Bean
	TriggerEvaluation triggerEvaluation(ActiveRuleset activeRuleset, StringRedisTemplate redis, RedisKeys keys,
			EvaluatorProperties properties) {
		return new TriggerEvaluation(activeRuleset, new DecisionMemory(redis, keys, properties.getDecisionTtl()),
				Clock.systemUTC());
	}

	/** Re-decides the live users' experiences when a new release replaces the running one. */
	@Bean
	ReleaseRedecision releaseRedecision(StringRedisTemplate redis, RedisKeys keys, TriggerEvaluation evaluation,
			StreamBridge streamBridge, ActiveRuleset activeRuleset) {
		ReleaseRedecision redecision = new ReleaseRedecision(redis, keys,
				new FeatureClient(redis, keys, FeatureRegistry.defaults()), evaluation, streamBridge,
				activeRuleset.instanceId(), Clock.systemUTC());
		activeRuleset.onReplaced(redecision::released);
		return redecision;
	}

	/** Emits a decision for each update that changes its user's experience, and nothing for the others. */
	@Bean
	Function<List<byte[]>, List<Message<byte[]>>> evaluateTriggers(TriggerEvaluation evaluation,
			StreamBridge streamBridge, EvaluatorProperties properties, MeterRegistry meters) {
		return new EvaluateTriggers(evaluation, streamBridge, properties.getOutageRetry(), meters);
	}

	private static String read(EvaluatorProperties properties) {
		try {
			return properties.getBootstrapRuleset().getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the bootstrap ruleset " + properties.getBootstrapRuleset(), ex);
		}
	}

	/** The fallback for a missed notification: checks the active release every poll interval. */
	static class RulesetPolling {

		private final ActiveRuleset activeRuleset;

		RulesetPolling(ActiveRuleset activeRuleset) {
			this.activeRuleset = activeRuleset;
		}

		@Scheduled(fixedDelayString = "${onramp.evaluator.reload-poll-interval:5s}",
				initialDelayString = "${onramp.evaluator.reload-poll-interval:5s}")
		void poll() {
			activeRuleset.reload();
		}

	}

}
