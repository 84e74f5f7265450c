package io.onramp.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

/** What the property-based tests of hostile input share: a seeded theory, any JSON value, printable text. */
public final class HostileInput {

	private HostileInput() {
	}

	/**
	 * A theory with the same cases on every run (a red build is then reproducible); {@code -Donramp.fuzz.seed=N}
	 * explores others.
	 */
	public static QuickTheory theory() {
		return qt().withFixedSeed(Long.getLong("onramp.fuzz.seed", 20261127L));
	}

	/**
	 * Any JSON value, for a Jackson writer that keeps nulls: null ({@code Optional.empty()}), booleans,
	 * numbers, strings of any characters (lone surrogates and control characters included), and small
	 * arrays and objects of those.
	 */
	public static Gen<Object> jsonValue() {
		Gen<Object> scalars = Generate.<Object>constant(Optional.empty())
			.mix(booleans().all().map(Object.class::cast), 20)
			.mix(integers().all().map(Object.class::cast), 20)
			.mix(doubles().between(-1e12, 1e12).map(Object.class::cast), 15)
			.mix(strings().allPossible().ofLengthBetween(0, 40).map(Object.class::cast), 40);
		Gen<Object> arrays = lists().of(scalars).ofSizeBetween(0, 3).map(Object.class::cast);
		Gen<Object> objects = lists().of(strings().basicLatinAlphabet().ofLengthBetween(0, 8)).ofSizeBetween(0, 3)
			.zip(lists().of(scalars).ofSize(3), (keys, values) -> {
				Map<String, Object> object = new LinkedHashMap<>();
				for (int i = 0; i < keys.size(); i++) {
					object.put(keys.get(i), values.get(i));
				}
				return (Object) object;
			});
		return scalars.mix(arrays, 15).mix(objects, 15);
	}

	/** Text with everything but printable ASCII escaped, so a failure's message shows it whole. */
	public static String printable(String text) {
		StringBuilder shown = new StringBuilder();
		text.chars().forEach(c -> shown.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
		return shown.toString();
	}

	/**
	 * Remembers the last failing example in printable form and says it when the property fails:
	 * QuickTheories' own report shows the generated values raw, which control characters can cut short.
	 */
	public static final class Falsification {

		private volatile String lastFailure;

		/** Runs one example, remembering its failure. */
		public void example(Runnable example) {
			try {
				example.run();
			}
			catch (AssertionError ex) {
				lastFailure = printable(String.valueOf(ex.getMessage()));
				throw ex;
			}
		}

		/** Runs a property, saying the smallest failing example when it fails. */
		public void check(Runnable property) {
			try {
				property.run();
			}
			catch (AssertionError ex) {
				throw new AssertionError("Falsified; the smallest failing example: " + lastFailure, ex);
			}
		}

	}

}
