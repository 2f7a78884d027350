/**
 * What happens to a finding after a check made it (docs/setup/adopting.md, options.md).
 *
 * <p>Every matcher of every Leakproof check returns through {@link
 * dev.leakproof.checker.report.NeverCrash#guard}, which hands its result to {@link Findings}: the one
 * place all findings pass. Per compilation, a {@code Session} (kept in javac's context) checks the
 * options ({@link LeakproofOption}, one error line per problem, never an exception), filters
 * findings through the {@code Baseline}, reports stale entries, and writes the baseline and the
 * {@code SarifLog} at the end. With none of the {@code Leakproof:*} options, it returns every
 * finding unchanged at the cost of one lookup.
 */
package dev.leakproof.checker.report;
