package io.onramp.admin;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.onramp.admin.rule.RuleRepository;
import io.onramp.admin.rule.RuleVersion;
import io.onramp.admin.rule.VersionStatus;
import io.onramp.rules.Rule;
import io.onramp.rules.RulesetJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** The repository on real Postgres: saved versions cannot change, and the latest version is the optimistic lock. */
@SpringBootTest
class RuleRepositoryTest {

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		AdminTestUsers.register(registry, "admin_repository");
	}

	@Autowired
	RuleRepository rules;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aSavedVersionNeverChangesAndOnlyOneSaveWinsFromTheSameBase() {
		Rule rule = RulesetJson.readRule("""
				{"id": "repo-rule", "name": "Repository rule", "priority": 5, "tags": ["a", "b"],
				 "when": {"any": [{"feature": "device_type", "op": "eq", "value": "mobile"},
				                  {"not": {"feature": "engagement_score", "op": "lt", "value": 3}}]},
				 "then": [{"setDensity": "low"}]}""");
		Instant now = Instant.parse("2026-11-27T10:00:00Z");
		assertThat(rules.insertRule("repo-rule", "ed", now)).isTrue();
		assertThat(rules.insertRule("repo-rule", "eve", now)).as("the id is taken").isFalse();
		assertThat(rules.claimNextVersion("repo-rule", 0)).isTrue();
		rules.insertVersion(new RuleVersion("repo-rule", 1, rule.withVersion(1), rule.tags(), List.copyOf(rule.condition().features()),
				VersionStatus.DRAFT, "first", "ed", now, null, null, null));
		assertThat(rules.claimNextVersion("repo-rule", 0)).as("a second save from version 0").isFalse();

		RuleVersion stored = rules.version("repo-rule", 1).orElseThrow();
		assertThat(stored.rule()).isEqualTo(rule.withVersion(1));
		assertThat(stored.features()).containsExactly("device_type", "engagement_score");
		assertThat(stored.tags()).containsExactly("a", "b");
		assertThatException().isThrownBy(() -> jdbc.sql("UPDATE rule_version SET definition = '{}'::jsonb WHERE rule_id = 'repo-rule'")
			.update()).withMessageContaining("is immutable");
		assertThat(rules.changeStatus("repo-rule", 1, VersionStatus.DRAFT, VersionStatus.IN_REVIEW, null, null, now)).isTrue();
		assertThat(rules.changeStatus("repo-rule", 1, VersionStatus.DRAFT, VersionStatus.IN_REVIEW, null, null, now))
			.as("no longer a draft").isFalse();
		assertThat(rules.list("REPOSITORY", VersionStatus.IN_REVIEW, "engagement_score", "b")).extracting(summary -> summary.id())
			.containsExactly("repo-rule");
		assertThat(rules.list("100%_match", null, null, null)).as("LIKE wildcards are matched literally").isEmpty();
	}

}
