package io.onramp.admin.rule;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.onramp.admin.web.InvalidRuleException;
import io.onramp.contracts.OnrampJson;
import io.onramp.rules.RuleProblem;
import io.onramp.rules.RuleText;
import io.onramp.rules.RulesetJson;

/**
 * Rules as code: everything the UI does with rules, for a team's CI. A rule travels in the JSON form of
 * {@link RulesetJson}; a change is {@code {"baseVersion": 3, "note": "why", "rule": {...}}}.
 */
@RestController
@RequestMapping("/api/rules")
class RuleApiController {

	private final RuleService rules;

	RuleApiController(RuleService rules) {
		this.rules = rules;
	}

	@GetMapping
	List<RuleSummary> list(@RequestParam(required = false) String q, @RequestParam(required = false) VersionStatus status,
			@RequestParam(required = false) String feature, @RequestParam(required = false) String tag) {
		return rules.list(q, status, feature, tag);
	}

	/** Creates a rule; its first version is a draft. */
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(@RequestBody String body, Principal user) {
		Change change = Change.read(body);
		return view(rules.create(RuleService.parse(change.rule()), change.note(), user.getName()));
	}

	@GetMapping("/{id}")
	Map<String, Object> latest(@PathVariable String id) {
		return view(rules.latest(id));
	}

	/** Saves a new version, started from {@code baseVersion}: 409 when someone saved a newer one meanwhile. */
	@PutMapping("/{id}")
	Map<String, Object> save(@PathVariable String id, @RequestBody String body, Principal user) {
		Change change = Change.read(body);
		if (change.baseVersion() == null) {
			throw new InvalidRuleException(List.of(new RuleProblem("baseVersion", "Say which version the change starts from.")));
		}
		return view(rules.save(id, change.baseVersion(), RuleService.parse(change.rule()), change.note(), user.getName()));
	}

	@PostMapping("/{id}/copy")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> copy(@PathVariable String id, @RequestBody Map<String, String> body, Principal user) {
		return view(rules.copy(id, body.getOrDefault("id", ""), user.getName()));
	}

	@GetMapping("/{id}/versions")
	List<Map<String, Object>> versions(@PathVariable String id) {
		return rules.versions(id).stream().map(RuleApiController::view).toList();
	}

	@GetMapping("/{id}/versions/{version}")
	Map<String, Object> version(@PathVariable String id, @PathVariable int version) {
		return view(rules.version(id, version));
	}

	@PostMapping("/{id}/versions/{version}/submit")
	Map<String, Object> submit(@PathVariable String id, @PathVariable int version, Principal user) {
		return view(rules.submit(id, version, user.getName()));
	}

	@PostMapping("/{id}/versions/{version}/approve")
	Map<String, Object> approve(@PathVariable String id, @PathVariable int version,
			@RequestBody(required = false) Map<String, String> body, Principal user) {
		return view(rules.approve(id, version, user.getName(), body == null ? null : body.get("comment")));
	}

	@PostMapping("/{id}/versions/{version}/reject")
	Map<String, Object> reject(@PathVariable String id, @PathVariable int version,
			@RequestBody(required = false) Map<String, String> body, Principal user) {
		return view(rules.reject(id, version, user.getName(), body == null ? null : body.get("comment")));
	}

	static Map<String, Object> view(RuleVersion version) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("ruleId", version.ruleId());
		view.put("version", version.version());
		view.put("status", version.status());
		view.put("name", version.rule().name());
		view.put("text", RuleText.describe(version.rule()));
		view.put("tags", version.tags());
		view.put("features", version.features());
		view.put("changeNote", version.changeNote());
		view.put("author", version.author());
		view.put("createdAt", version.createdAt());
		view.put("reviewedBy", version.reviewedBy());
		view.put("reviewedAt", version.reviewedAt());
		view.put("reviewComment", version.reviewComment());
		view.put("rule", OnrampJson.mapper().readTree(RulesetJson.write(version.rule())));
		return view;
	}

	/** A change as the API takes it. */
	record Change(Integer baseVersion, String note, String rule) {

		static Change read(String body) {
			JsonNode root;
			try {
				root = OnrampJson.mapper().readTree(body);
			}
			catch (RuntimeException ex) {
				throw new InvalidRuleException(List.of(new RuleProblem("(body)", "The body is not JSON.")));
			}
			JsonNode rule = root.get("rule");
			if (rule == null || !rule.isObject()) {
				throw new InvalidRuleException(List.of(new RuleProblem("rule", "The body needs the rule, as an object.")));
			}
			JsonNode base = root.get("baseVersion");
			return new Change(base == null || base.isNull() ? null : base.asInt(), root.path("note").asString(""),
					OnrampJson.mapper().writeValueAsString(rule));
		}

	}

}
