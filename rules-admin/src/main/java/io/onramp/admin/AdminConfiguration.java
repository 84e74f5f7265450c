package io.onramp.admin;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.onramp.admin.audit.AuditLog;
import io.onramp.admin.drift.DriftReports;
import io.onramp.admin.jobs.JobRuns;
import io.onramp.admin.release.ReleaseService;
import io.onramp.admin.rule.RuleRepository;
import io.onramp.admin.rule.RuleService;
import io.onramp.admin.simulation.SimulationService;
import io.onramp.admin.user.AdminUsers;
import io.onramp.admin.user.Role;
import io.onramp.contracts.RedisKeys;
import io.onramp.features.FeatureClient;
import io.onramp.features.FeatureRegistry;
import io.onramp.rules.FeatureCatalog;
import io.onramp.rules.RulesetJson;
import io.onramp.rules.RulesetValidator;
import io.onramp.rules.store.RulesetStore;

@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AdminConfiguration.class);

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	AuditLog auditLog(JdbcClient jdbc, Clock clock) {
		return new AuditLog(jdbc, clock);
	}

	/** The features rules may use: the default registry's, as the evaluators know them. */
	@Bean
	FeatureCatalog featureCatalog() {
		return FeatureCatalog.defaults();
	}

	@Bean
	RulesetValidator rulesetValidator(FeatureCatalog catalog) {
		return new RulesetValidator(catalog);
	}

	@Bean
	RuleRepository ruleRepository(JdbcClient jdbc) {
		return new RuleRepository(jdbc);
	}

	@Bean
	RuleService ruleService(RuleRepository rules, RulesetValidator validator, AuditLog audit, Clock clock,
			AdminProperties properties) {
		return new RuleService(rules, validator, audit, clock, properties.isSelfApproval());
	}

	@Bean
	RulesetStore rulesetStore(StringRedisTemplate redis, AdminProperties properties, Clock clock) {
		return new RulesetStore(redis, new RedisKeys(properties.getRedisKeyPrefix()), clock);
	}

	@Bean
	ReleaseService releaseService(JdbcClient jdbc, RuleRepository rules, RulesetStore store, RulesetValidator validator,
			AuditLog audit, Clock clock) {
		return new ReleaseService(jdbc, rules, store, validator, audit,
				RulesetJson.readResource("onramp/rulesets/starter.json").defaults(), clock);
	}

	@Bean
	JobRuns jobRuns(JdbcClient jdbc, AuditLog audit) {
		return new JobRuns(jdbc, audit);
	}

	@Bean
	DriftReports driftReports(JdbcClient jdbc) {
		return new DriftReports(jdbc);
	}

	@Bean
	FeatureClient featureClient(StringRedisTemplate redis, AdminProperties properties) {
		return new FeatureClient(redis, new RedisKeys(properties.getRedisKeyPrefix()), FeatureRegistry.defaults());
	}

	@Bean
	SimulationService simulationService(RuleService rules, ReleaseService releases, FeatureClient features,
			DataSource dataSource, AdminProperties properties, Clock clock) {
		JdbcTemplate history = new JdbcTemplate(dataSource);
		// Streams the history rather than loading it (Postgres needs a fetch size inside a transaction for that).
		history.setFetchSize(1_000);
		return new SimulationService(rules, releases, features, history, properties.getFeatureHistoryTable(),
				FeatureRegistry.defaults(), clock);
	}

	@Bean
	ApplicationRunner bootstrapUsers(AdminProperties properties, AdminUsers users) {
		return args -> {
			for (AdminProperties.BootstrapUser user : properties.getBootstrapUsers()) {
				List<Role> roles = user.getRoles().stream().map(Role::of).toList();
				if (users.createIfAbsent(user.getUsername(), user.getPassword(), user.getDisplayName(), roles)) {
					log.info("Created user {} with roles {}", user.getUsername(), roles);
				}
			}
		};
	}

}
