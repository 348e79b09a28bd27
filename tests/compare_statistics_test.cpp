// Mann-Whitney U and the regression verdicts on fixed samples.
#include <gtest/gtest.h>

#include "report/compare.hpp"

namespace concur::report {
namespace {

TEST(CompareUTest, ExactForSmallSamplesWithoutTies) {
  // Complete separation of 5 vs 5: U = 0, p = 2 / C(10, 5) = 2 / 252.
  const UTestResult r = mann_whitney_u({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10});
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.u, 0);
  EXPECT_NEAR(r.p_value, 2.0 / 252, 1e-12);
  // Interleaved samples: no evidence.
  EXPECT_GT(mann_whitney_u({1, 3, 5, 7}, {2, 4, 6, 8}).p_value, 0.5);
  // Symmetric: swapping the samples keeps p.
  EXPECT_NEAR(mann_whitney_u({6, 7, 8, 9, 10}, {1, 2, 3, 4, 5}).p_value, 2.0 / 252, 1e-12);
}

TEST(CompareUTest, NormalApproximationWithTies) {
  // Large separated samples with ties: tiny p; identical samples: p = 1.
  std::vector<double> low(30, 1.0), high(30, 2.0);
  low[0] = 1.5;
  const UTestResult r = mann_whitney_u(low, high);
  EXPECT_FALSE(r.exact);
  EXPECT_LT(r.p_value, 1e-6);
  EXPECT_DOUBLE_EQ(
      mann_whitney_u(std::vector<double>(10, 3.0), std::vector<double>(10, 3.0)).p_value, 1.0);
}

TEST(CompareUTest, SaysWhenTooFewRepetitions) {
  EXPECT_FALSE(utest_possible(1, 10, 0.05));
  EXPECT_FALSE(utest_possible(3, 3, 0.05));  // smallest p is 2/20 = 0.1
  EXPECT_TRUE(utest_possible(4, 4, 0.05));   // 2/70 < 0.05
  EXPECT_EQ(utest_min_repetitions(0.05), 4u);
  EXPECT_EQ(utest_min_repetitions(0.01), 5u);  // 2/252 < 0.01 < 2/70
}

StoredBenchmark stored(std::string name, std::vector<double> seconds) {
  return {std::move(name), std::move(seconds), std::nullopt, "", false, false, {}};
}

BenchmarkFile file(std::string path, std::vector<StoredBenchmark> benchmarks) {
  return {std::move(path), std::move(benchmarks), {}};
}

TEST(CompareVerdicts, IntervalOfTheRatioAgainstTheThreshold) {
  const BenchmarkFile base = file(
      "base.json", {stored("doubled", {1.0, 1.01, 0.99, 1.02, 0.98}),
                    stored("steady", {1.0, 1.01, 0.99, 1.005, 0.995, 1.0}),
                    stored("faster", {1.0, 1.01, 0.99, 1.02, 0.98}), stored("once", {1.0}),
                    stored("noisy", {1.0, 3.0, 1.1, 2.9, 1.2}), stored("gone", {1.0, 1.0})});
  const BenchmarkFile next = file(
      "new.json", {stored("doubled", {2.0, 2.02, 1.98, 2.04, 1.96}),
                   stored("steady", {1.01, 1.0, 0.99, 1.0, 1.005, 1.01}),
                   stored("faster", {0.5, 0.51, 0.49, 0.5, 0.52}), stored("once", {1.5}),
                   stored("noisy", {1.3, 1.05, 3.1, 2.8, 1.15}), stored("added", {1.0, 1.0})});
  const CompareResult r = compare(base, next, {});
  ASSERT_EQ(r.rows.size(), 5u);
  EXPECT_EQ(r.rows[0].verdict, Verdict::slower);
  EXPECT_NEAR(r.rows[0].ratio->value, 2.0, 1e-9);
  EXPECT_GT(r.rows[0].ratio->ci.low, 1.05);
  ASSERT_TRUE(r.rows[0].p_value);
  EXPECT_LT(*r.rows[0].p_value, 0.05);
  EXPECT_EQ(r.rows[1].verdict, Verdict::same);  // the whole interval inside ±5%
  EXPECT_EQ(r.rows[2].verdict, Verdict::faster);
  // One repetition: a +50% ratio, but nothing to say how much it varies.
  EXPECT_EQ(r.rows[3].verdict, Verdict::inconclusive);
  EXPECT_FALSE(r.rows[3].p_value);
  // A large change whose interval spans the threshold is not "same" (the
  // old gate called +30% at p=0.077 "same"): it is inconclusive.
  EXPECT_EQ(r.rows[4].verdict, Verdict::inconclusive);
  EXPECT_GT(r.rows[4].ratio->value, 1.05);
  EXPECT_EQ(r.only_in_base, std::vector<std::string>{"gone"});
  EXPECT_EQ(r.only_in_new, std::vector<std::string>{"added"});
  EXPECT_EQ(r.exit_code(), 1);  // doubled is slower
  ASSERT_TRUE(r.geometric_mean);
  const std::string text = render_comparison(r);
  EXPECT_NE(text.find("only in base (missing from new): gone"), std::string::npos) << text;
  EXPECT_NE(text.find("1 slower, 1 faster, 1 same, 2 inconclusive."), std::string::npos) << text;
  EXPECT_NE(text.find("geometric mean of new/base"), std::string::npos) << text;
  const std::string md = render_comparison(r, "markdown");
  EXPECT_NE(md.find("| `doubled` |"), std::string::npos) << md;
  EXPECT_NE(md.find("**SLOWER**"), std::string::npos) << md;
}

TEST(CompareVerdicts, InconclusiveAndMissingFailTheGateOnlyWhenAsked) {
  const BenchmarkFile base = file("b", {stored("x", {1.0, 3.0, 1.1, 2.9, 1.2}), stored("gone", {1, 1})});
  const BenchmarkFile next = file("n", {stored("x", {1.3, 1.05, 3.1, 2.8, 1.15})});
  EXPECT_EQ(compare(base, next, {}).exit_code(), 0);
  CompareOptions strict;
  strict.fail_on_inconclusive = true;
  EXPECT_EQ(compare(base, next, strict).exit_code(), 1);
  CompareOptions missing;
  missing.fail_on_missing = true;
  EXPECT_EQ(compare(base, next, missing).exit_code(), 1);
  // The summary says why the gate failed only when it was asked to fail.
  const std::string gate = "missing from the new file (--fail-on-missing: this fails the gate)";
  EXPECT_NE(render_comparison(compare(base, next, missing)).find(gate), std::string::npos)
      << render_comparison(compare(base, next, missing));
  EXPECT_EQ(render_comparison(compare(base, next, {})).find("--fail-on-missing"), std::string::npos)
      << render_comparison(compare(base, next, {}));
}

TEST(CompareVerdicts, NewFailureFailsTheGateAFixDoesNot) {
  StoredBenchmark failing = stored("x", {});
  failing.failed = true;
  const CompareResult r = compare(file("b", {stored("x", {1.0})}), file("n", {failing}), {});
  EXPECT_EQ(r.rows[0].verdict, Verdict::now_fails);
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_EQ(compare(file("b", {failing}), file("n", {stored("x", {1.0})}), {}).exit_code(), 0);
}

TEST(CompareVerdicts, NothingInCommonIsBadInput) {
  EXPECT_THROW(compare(file("b", {stored("x", {1.0})}), file("n", {stored("y", {1.0})}), {}),
               UsageError);
}

}  // namespace
}  // namespace concur::report
