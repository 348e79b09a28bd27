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
  return {std::move(name), std::move(seconds), std::nullopt, "", false};
}

TEST(CompareVerdicts, ThresholdSignificanceAndOneSidedNames) {
  BenchmarkFile base{"base.json",
                     {stored("a", {1.0, 1.01, 0.99, 1.02, 0.98}), stored("b", {1.0}),
                      stored("c", {1.0, 1.1, 0.9, 1.05}), stored("gone", {1.0})}};
  BenchmarkFile next{"new.json",
                     {stored("a", {2.0, 2.02, 1.98, 2.04, 1.96}), stored("b", {1.02}),
                      stored("c", {1.2, 0.95, 1.3, 0.85}), stored("added", {1.0})}};
  const CompareResult r = compare(base, next, {0.05, 0.05});
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].verdict, Verdict::regression);  // doubled and significant
  ASSERT_TRUE(r.rows[0].p_value);
  EXPECT_LT(*r.rows[0].p_value, 0.05);
  EXPECT_EQ(r.rows[1].verdict, Verdict::same);  // +2%: within the threshold
  EXPECT_FALSE(r.rows[1].p_value);              // one repetition: untestable
  EXPECT_EQ(r.rows[2].verdict, Verdict::same);  // median +4.9%: within the threshold
  EXPECT_EQ(r.only_in_base, std::vector<std::string>{"gone"});
  EXPECT_EQ(r.only_in_new, std::vector<std::string>{"added"});
  EXPECT_EQ(r.regressions(), 1u);
  const std::string text = render_comparison(r);
  EXPECT_NE(text.find("only in base: gone"), std::string::npos) << text;
  EXPECT_NE(text.find("too few repetitions for 1 of 3"), std::string::npos) << text;
}

TEST(CompareVerdicts, LargeChangeThatIsNotSignificantIsNoRegression) {
  // +20% median, but the samples overlap entirely: the U test says noise.
  BenchmarkFile base{"b", {stored("x", {1.0, 3.0, 1.1, 2.9, 1.2})}};
  BenchmarkFile next{"n", {stored("x", {1.3, 1.05, 3.1, 2.8, 1.15})}};
  const CompareResult r = compare(base, next, {0.05, 0.05});
  ASSERT_TRUE(r.rows[0].change);
  EXPECT_GT(*r.rows[0].change, 0.05);
  EXPECT_EQ(r.rows[0].verdict, Verdict::same);
}

TEST(CompareVerdicts, NewFailureIsARegression) {
  StoredBenchmark failing = stored("x", {});
  failing.failed = true;
  const CompareResult r = compare({"b", {stored("x", {1.0})}}, {"n", {failing}}, {});
  EXPECT_EQ(r.rows[0].verdict, Verdict::now_fails);
  EXPECT_EQ(r.regressions(), 1u);
  EXPECT_EQ(compare({"b", {failing}}, {"n", {stored("x", {1.0})}}, {}).regressions(), 0u);
}

}  // namespace
}  // namespace concur::report
