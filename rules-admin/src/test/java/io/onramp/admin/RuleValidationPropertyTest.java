package io.onramp.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.onramp.contracts.Experience;
import io.onramp.rules.CompiledRuleset;
import io.onramp.rules.FeatureCatalog;
import io.onramp.rules.Operator;
import io.onramp.rules.Rule;
import io.onramp.rules.Ruleset;
import io.onramp.rules.RulesetJson;
import io.onramp.rules.RulesetRelease;
import io.onramp.rules.RulesetValidator;
import io.onramp.testsupport.HostileInput;

import static io.onramp.testsupport.HostileInput.jsonValue;
import static io.onramp.testsupport.HostileInput.printable;
import static io.onramp.testsupport.HostileInput.theory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Property-based hostile input for rule validation (QuickTheories, fixed seed, shrinking): thousands of
 * generated rules through {@code POST /api/rules} - every part of a rule kept, left out or replaced by any
 * JSON value, conditions on real and invented features with any operator and value, actions real and
 * invented - and for each: never a 5xx; a refusal is a 400 that names the fields and says why, and stores
 * nothing; a rule that saves reads back as a rule the validator accepts and the rules engine compiles.
 * The list's filters take any text, SQL included, without a 5xx.
 */
@SpringBootTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleValidationPropertyTest {

	private static final JsonMapper BODIES = JsonMapper.builder().build();

	private static final List<String> PARTS = List.of("id", "name", "description", "priority", "tags", "when", "then",
			"enabled", "audience", "frequencyCap");

	private static final List<FeatureCatalog.Entry> CATALOG = FeatureCatalog.defaults().entries().stream()
		.sorted(java.util.Comparator.comparing(FeatureCatalog.Entry::name))
		.toList();

	private static final List<String> FEATURES = CATALOG.stream().map(FeatureCatalog.Entry::name).toList();

	private static final List<String> OPERATORS = Arrays.stream(Operator.values()).map(Operator::jsonName).sorted().toList();

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		AdminTestUsers.register(registry, "rule_properties");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	RulesetValidator validator;

	private final HostileInput.Falsification falsification = new HostileInput.Falsification();

	private final AtomicInteger saved = new AtomicInteger();

	private final AtomicInteger refused = new AtomicInteger();

	private final AtomicInteger ids = new AtomicInteger();

	@Test
	void generatedRulesAreRefusedWithTheirReasonsOrSaveAsRulesTheEngineCompiles() {
		// Per part: 0-27 keep it valid, 28-29 leave it out, 30-31 replace it with any JSON value.
		Gen<List<Integer>> choices = lists().of(integers().between(0, 31)).ofSize(PARTS.size());
		Gen<List<Object>> replacements = lists().of(jsonValue()).ofSize(PARTS.size());
		Gen<List<Map<String, Object>>> conditions = lists().of(condition()).ofSizeBetween(1, 3);
		Gen<List<Map<String, Object>>> actions = lists().of(action()).ofSizeBetween(1, 3);
		falsification.check(() -> theory().withExamples(1200).withShrinkCycles(50).forAll(choices, replacements, conditions, actions)
			.checkAssert((choice, replacement, when, then) -> falsification.example(() -> create(rule(choice, replacement, when, then)))));
	}

	@Test
	void theListsFiltersTakeAnyText() {
		Gen<String> text = strings().allPossible().ofLengthBetween(0, 60)
			.mix(Generate.pick(List.of("' OR 1=1 --", "%' OR '1'='1", "'; DROP TABLE rule_version; --", "\\", "%", "_", "$1",
					"<script>alert(1)</script>", "\u0000")), 30);
		falsification.check(() -> theory().withExamples(500).forAll(text, Generate.pick(List.of("q", "feature", "tag", "status")))
			.checkAssert((value, filter) -> falsification.example(() -> {
				MvcResult result = perform(get("/api/rules?" + filter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
				int status = result.getResponse().getStatus();
				assertThat(status).as("?%s=%s answered %s", filter, printable(value), body(result)).isIn(200, 400);
			})));
	}

	@AfterAll
	void bothWaysWereExercised() {
		assertThat(saved.get()).as("rules saved").isGreaterThan(100);
		assertThat(refused.get()).as("rules refused").isGreaterThan(500);
		System.out.printf("rule validation properties: %,d rules saved, %,d refused, none answered 5xx%n", saved.get(), refused.get());
	}

	private void create(Map<String, Object> rule) {
		String change = BODIES.writeValueAsString(Map.of("note", "generated", "rule", rule));
		MvcResult result = perform(post("/api/rules").contentType(MediaType.APPLICATION_JSON).content(change));
		int status = result.getResponse().getStatus();
		String shown = printable(change);
		assertThat(status).as("%s answered %s", shown, body(result)).isIn(201, 400);
		if (status == 400) {
			refused.incrementAndGet();
			JsonNode problems = BODIES.readTree(body(result)).path("problems");
			assertThat(problems.isArray() && !problems.isEmpty()).as("the problems with %s: %s", shown, body(result)).isTrue();
			for (JsonNode problem : problems) {
				assertThat(problem.path("message").asString()).as("a reason for %s", shown).isNotBlank();
				assertThat(problem.path("field").asString()).as("the field of %s", problem).isNotBlank();
			}
			Object id = rule.get("id");
			if (id instanceof String text && !text.isBlank()) {
				int found = perform(get("/api/rules/" + URLEncoder.encode(text, StandardCharsets.UTF_8))).getResponse().getStatus();
				assertThat(found).as("a refused rule is not stored: %s", printable(text)).isIn(400, 404);
			}
			return;
		}
		saved.incrementAndGet();
		String id = BODIES.readTree(body(result)).path("ruleId").asString();
		JsonNode stored = BODIES.readTree(body(perform(get("/api/rules/" + id)))).path("rule");
		Rule read = RulesetJson.readRule(stored.toString());
		assertThat(validator.validate(read, "rule")).as("what %s stored: %s", shown, stored).isEmpty();
		CompiledRuleset compiled = CompiledRuleset.compile(new RulesetRelease(1, Instant.now(), "test",
				new Ruleset(new Experience(Experience.LAYOUT_STANDARD, "medium", Map.of(), null, List.of()), List.of(read))));
		assertThat(compiled.release().ruleset().rules()).hasSize(1);
	}

	private Map<String, Object> rule(List<Integer> choice, List<Object> replacement, List<Map<String, Object>> when,
			List<Map<String, Object>> then) {
		Map<String, Object> valid = new LinkedHashMap<>();
		valid.put("id", "generated-" + ids.incrementAndGet());
		valid.put("name", "Generated rule " + ids.get());
		valid.put("description", "<script>alert('x')</script> & \"quotes\"");
		valid.put("priority", 100);
		valid.put("tags", List.of("generated"));
		valid.put("when", Map.of(choice.get(0) % 2 == 0 ? "all" : "any", when));
		valid.put("then", then);
		valid.put("enabled", true);
		Map<String, Object> rule = new LinkedHashMap<>();
		for (int i = 0; i < PARTS.size(); i++) {
			String part = PARTS.get(i);
			if (choice.get(i) >= 30) {
				rule.put(part, replacement.get(i));
			}
			else if (choice.get(i) < 28 && valid.containsKey(part)) {
				rule.put(part, valid.get(part));
			}
		}
		return rule;
	}

	/**
	 * Mostly a condition that fits (a real feature, an operator for its type, a value of that type), else one
	 * on a real or an invented feature with any operator and any value.
	 */
	private static Gen<Map<String, Object>> condition() {
		Gen<Map<String, Object>> fitting = Generate.pick(CATALOG).zip(integers().between(0, 100), (entry, number) -> {
			Map<String, Object> condition = new LinkedHashMap<>();
			condition.put("feature", entry.name());
			switch (entry.type()) {
				case NUMBER -> {
					condition.put("op", List.of("gt", "gte", "lt", "lte", "eq").get(number % 5));
					condition.put("value", number);
				}
				case TEXT -> {
					condition.put("op", "eq");
					condition.put("value", entry.values().isEmpty() ? "value-" + number : entry.values().get(number % entry.values().size()));
				}
				default -> {
					condition.put("op", "exists");
					condition.put("value", true);
				}
			}
			return condition;
		});
		Gen<String> feature = Generate.pick(FEATURES).mix(strings().allPossible().ofLengthBetween(0, 20), 30);
		Gen<String> operator = Generate.pick(OPERATORS).mix(strings().basicLatinAlphabet().ofLengthBetween(0, 6), 20);
		Gen<Map<String, Object>> hostile = feature.zip(operator, jsonValue(), (name, op, argument) -> {
			Map<String, Object> condition = new LinkedHashMap<>();
			condition.put("feature", name);
			condition.put("op", op);
			condition.put("value", argument);
			return condition;
		});
		return fitting.mix(hostile, 25);
	}

	/** Mostly a real action with a fitting argument, else a real or an invented action with any argument. */
	private static Gen<Map<String, Object>> action() {
		Gen<Map<String, Object>> fitting = Generate.pick(List.<Map<String, Object>>of(Map.of("setLayout", "compact"),
				Map.of("setLayout", "standard"), Map.of("setDensity", "low"), Map.of("setDensity", "high"),
				Map.of("enableFeature", "quick_actions"), Map.of("disableFeature", "tour"),
				Map.of("showHint", Map.of("id", "h-1", "text", "<b>Try</b> the tour")), Map.of("reorderChecklist", List.of("profile", "invite"))));
		Gen<String> name = Generate.pick(List.of("setLayout", "setDensity", "enableFeature", "disableFeature", "showHint",
				"reorderChecklist")).mix(strings().basicLatinAlphabet().ofLengthBetween(0, 12), 20);
		Gen<Map<String, Object>> hostile = name.zip(jsonValue(), (action, value) -> {
			Map<String, Object> node = new LinkedHashMap<>();
			node.put(action, value);
			return node;
		});
		return fitting.mix(hostile, 25);
	}

	private MvcResult perform(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request) {
		try {
			// Signed in as an editor without checking a password per request (bcrypt would dominate the run);
			// sign-in itself is ApiSecurityTest's.
			return mvc.perform(request.with(SecurityMockMvcRequestPostProcessors.user("ed").roles("EDITOR"))).andReturn();
		}
		catch (Exception ex) {
			throw new AssertionError("The request failed", ex);
		}
	}

	private static String body(MvcResult result) {
		try {
			return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
