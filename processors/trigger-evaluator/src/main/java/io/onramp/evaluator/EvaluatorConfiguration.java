package io.onramp.evaluator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.rules.CompiledRuleset;
import io.onramp.rules.RulesetJson;
import io.onramp.stream.RedisKeys;
import io.onramp.stream.StreamHeaders;

@Configuration(proxyBeanMethods = false)
class EvaluatorConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EvaluatorConfiguration.class);

	@Bean
	CompiledRuleset compiledRuleset(EvaluatorProperties properties) {
		try {
			String json = properties.getRuleset().getContentAsString(StandardCharsets.UTF_8);
			CompiledRuleset ruleset = CompiledRuleset.compile(RulesetJson.read(json));
			log.info("Evaluating ruleset release {} from {}", ruleset.release(), properties.getRuleset());
			return ruleset;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the ruleset " + properties.getRuleset(), ex);
		}
	}

	@Bean
	TriggerEvaluation triggerEvaluation(CompiledRuleset ruleset, StringRedisTemplate redis, RedisKeys keys,
			EvaluatorProperties properties) {
		return new TriggerEvaluation(ruleset, new LastDecisions(redis, keys, properties.getDecisionTtl()),
				Clock.systemUTC());
	}

	/** Emits a decision when the user's experience changes, and nothing otherwise. */
	@Bean
	Function<FeatureUpdate, Message<ExperienceDecision>> evaluateTriggers(TriggerEvaluation evaluation) {
		return update -> evaluation.evaluate(update)
			.map(decision -> MessageBuilder.withPayload(decision)
				.setHeader(StreamHeaders.PARTITION_KEY, decision.userId())
				.build())
			.orElse(null);
	}

}
