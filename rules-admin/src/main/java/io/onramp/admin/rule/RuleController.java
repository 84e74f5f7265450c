package io.onramp.admin.rule;

import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.onramp.admin.drift.DriftReports;
import io.onramp.admin.web.ConflictException;
import io.onramp.admin.web.InvalidRuleException;
import io.onramp.contracts.OnrampJson;
import io.onramp.rules.FeatureCatalog;
import io.onramp.rules.Operator;
import io.onramp.rules.Rule;
import io.onramp.rules.RuleProblem;
import io.onramp.rules.RuleText;
import io.onramp.rules.RulesetJson;

/** The rule pages: the list, a rule with its versions and review, the editor, and the diff. */
@Controller
class RuleController {

	private static final String LIST = "rules/list";

	private static final String DETAIL = "rules/detail";

	private static final String EDITOR = "rules/editor";

	private static final String DIFF = "rules/diff";

	/** What a new rule starts as in the editor. */
	private static final String NEW_RULE = """
			{"id": "", "name": "", "priority": 50, "when": {"all": [{"feature": "device_type", "op": "eq", "value": "mobile"}]},
			 "then": [{"setLayout": "compact"}]}""";

	private final RuleService rules;

	private final FeatureCatalog catalog;

	private final DriftReports drift;

	/** What the builder offers: the features with their types and values, and the operators (fixed, so written once). */
	private final String catalogJson;

	private final String operatorsJson;

	RuleController(RuleService rules, FeatureCatalog catalog, DriftReports drift) {
		this.rules = rules;
		this.catalog = catalog;
		this.drift = drift;
		this.catalogJson = OnrampJson.mapper().writeValueAsString(catalog.entries()
			.stream()
			.map(entry -> Map.of("name", entry.name(), "type", entry.type().name(), "values", entry.values(), "description",
					entry.description() == null ? "" : entry.description()))
			.toList());
		this.operatorsJson = OnrampJson.mapper().writeValueAsString(Arrays.stream(Operator.values())
			.map(op -> Map.of("name", op.jsonName(), "words", op.words()))
			.toList());
	}

	@GetMapping("/rules")
	String list(@RequestParam(required = false) String q, @RequestParam(required = false) VersionStatus status,
			@RequestParam(required = false) String feature, @RequestParam(required = false) String tag, Model model) {
		model.addAttribute("rules", rules.list(q, status, feature, tag));
		// Rules reading a feature that drifted in the latest nightly run are flagged for review.
		model.addAttribute("drifted", drift.latestDriftedFeatures());
		model.addAttribute("q", q);
		model.addAttribute("status", status);
		model.addAttribute("feature", feature);
		model.addAttribute("tag", tag);
		model.addAttribute("statuses", VersionStatus.values());
		model.addAttribute("features", catalog.entries().stream().map(FeatureCatalog.Entry::name).filter(n -> !n.startsWith("event.")).toList());
		return LIST;
	}

	@GetMapping("/rules/{id}")
	String detail(@PathVariable String id, Model model) {
		List<RuleVersion> versions = rules.versions(id);
		model.addAttribute("latest", versions.get(0));
		model.addAttribute("title", versions.get(0).rule().name());
		model.addAttribute("text", RuleText.describe(versions.get(0).rule()));
		model.addAttribute("versions", versions);
		return DETAIL;
	}

	@GetMapping("/rules/new")
	String create(Model model) {
		return editor(model, null, NEW_RULE, "", List.of());
	}

	@PostMapping("/rules/new")
	String create(@RequestParam String ruleJson, @RequestParam(defaultValue = "") String note, Principal user, Model model,
			RedirectAttributes redirect) {
		try {
			RuleVersion created = rules.create(RuleService.parse(ruleJson), note, user.getName());
			redirect.addFlashAttribute("message", "Saved '" + created.ruleId() + "' as version 1, a draft.");
			return "redirect:/rules/" + created.ruleId();
		}
		catch (InvalidRuleException | ConflictException ex) {
			return editor(model, null, ruleJson, note, problems(ex));
		}
	}

	@GetMapping("/rules/{id}/edit")
	String edit(@PathVariable String id, Model model) {
		RuleVersion latest = rules.latest(id);
		return editor(model, latest, RulesetJson.write(latest.rule()), "", List.of());
	}

	@PostMapping("/rules/{id}/edit")
	String edit(@PathVariable String id, @RequestParam int baseVersion, @RequestParam String ruleJson,
			@RequestParam(defaultValue = "") String note, Principal user, Model model, RedirectAttributes redirect) {
		try {
			RuleVersion saved = rules.save(id, baseVersion, RuleService.parse(ruleJson), note, user.getName());
			redirect.addFlashAttribute("message", "Saved version " + saved.version() + ", a draft.");
			return "redirect:/rules/" + id;
		}
		catch (InvalidRuleException | ConflictException ex) {
			RuleVersion base = rules.version(id, baseVersion);
			return editor(model, base, ruleJson, note, problems(ex));
		}
	}

	/** The editor's live preview: the rule in plain words and what is wrong with it, as it is typed. */
	@PostMapping(value = "/rules/describe", produces = "application/json")
	@ResponseBody
	Map<String, Object> describe(@RequestBody String ruleJson) {
		try {
			Rule rule = RuleService.parse(ruleJson);
			return Map.of("text", RuleText.describe(rule), "problems", rules.problems(rule));
		}
		catch (InvalidRuleException ex) {
			return Map.of("text", "", "problems", ex.problems());
		}
	}

	@PostMapping("/rules/{id}/copy")
	String copy(@PathVariable String id, @RequestParam String newId, Principal user, RedirectAttributes redirect) {
		try {
			rules.copy(id, newId, user.getName());
			redirect.addFlashAttribute("message", "Copied '" + id + "' to '" + newId + "'.");
			return "redirect:/rules/" + newId;
		}
		catch (InvalidRuleException | ConflictException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
			return "redirect:/rules/" + id;
		}
	}

	@PostMapping("/rules/{id}/versions/{version}/{step:submit|approve|reject}")
	String review(@PathVariable String id, @PathVariable int version, @PathVariable String step,
			@RequestParam(required = false) String comment, Principal user, RedirectAttributes redirect) {
		try {
			switch (step) {
				case "submit" -> rules.submit(id, version, user.getName());
				case "approve" -> rules.approve(id, version, user.getName(), comment);
				default -> rules.reject(id, version, user.getName(), comment);
			}
			redirect.addFlashAttribute("message", "Version " + version + ": " + step + (step.endsWith("e") ? "d." : "ted."));
		}
		catch (InvalidRuleException | ConflictException | org.springframework.security.access.AccessDeniedException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/rules/" + id;
	}

	@GetMapping("/rules/{id}/diff")
	String diff(@PathVariable String id, @RequestParam int from, @RequestParam int to, Model model) {
		model.addAttribute("diff", RuleDiff.between(rules.version(id, Math.min(from, to)), rules.version(id, Math.max(from, to))));
		model.addAttribute("ruleId", id);
		return DIFF;
	}

	private String editor(Model model, RuleVersion base, String ruleJson, String note, List<RuleProblem> problems) {
		model.addAttribute("base", base);
		model.addAttribute("title", base == null ? "New rule" : "Edit " + base.rule().name());
		model.addAttribute("ruleJson", ruleJson);
		model.addAttribute("note", note);
		model.addAttribute("problems", problems);
		model.addAttribute("catalogJson", catalogJson);
		model.addAttribute("operatorsJson", operatorsJson);
		return EDITOR;
	}

	private static List<RuleProblem> problems(RuntimeException ex) {
		return ex instanceof InvalidRuleException invalid ? invalid.problems() : List.of(new RuleProblem("rule", ex.getMessage()));
	}

}
