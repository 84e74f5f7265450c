package io.onramp.admin.rule;

import java.util.List;

import com.github.difflib.text.DiffRow;
import com.github.difflib.text.DiffRowGenerator;
import tools.jackson.databind.node.ObjectNode;

import io.onramp.contracts.OnrampJson;
import io.onramp.rules.RuleText;
import io.onramp.rules.RulesetJson;

/**
 * Two versions of a rule side by side: the rule in plain words, and its definition line by line (pretty
 * JSON) with the changed parts marked, from java-diff-utils.
 */
public final class RuleDiff {

	private RuleDiff() {
	}

	/**
	 * @param from the older version
	 * @param to the newer version
	 * @param fromText the older version in plain words
	 * @param toText the newer version in plain words
	 * @param rows the definition's lines, old beside new
	 */
	public record Diff(RuleVersion from, RuleVersion to, String fromText, String toText, List<DiffRow> rows) {

		public boolean identical() {
			return rows.stream().allMatch(row -> row.getTag() == DiffRow.Tag.EQUAL);
		}

	}

	public static Diff between(RuleVersion from, RuleVersion to) {
		// The lines are HTML-escaped (the normalizer); only the marks, spans with a class, are markup.
		DiffRowGenerator generator = DiffRowGenerator.create()
			.showInlineDiffs(true)
			.inlineDiffByWord(true)
			.lineNormalizer(DiffRowGenerator.LINE_NORMALIZER_FOR_HTML)
			.oldTag(open -> open ? "<span class=\"removed\">" : "</span>")
			.newTag(open -> open ? "<span class=\"added\">" : "</span>")
			.build();
		List<DiffRow> rows = generator.generateDiffRows(lines(from), lines(to));
		return new Diff(from, to, RuleText.describe(from.rule()), RuleText.describe(to.rule()), rows);
	}

	private static List<String> lines(RuleVersion version) {
		// The version number differs between any two versions; it is in the header, not in the lines.
		ObjectNode definition = (ObjectNode) OnrampJson.mapper().readTree(RulesetJson.write(version.rule()));
		definition.remove("version");
		return OnrampJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(definition).lines().toList();
	}

}
