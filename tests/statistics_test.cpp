// The statistics every verdict rests on, checked against distributions whose
// true median is known: intervals must cover it about 95% of the time.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <utility>

#include "core/statistics.hpp"

namespace concur::stats {
namespace {

// Benchmark-like times: log-normal (skewed to the right), true median e^mu.
std::vector<double> lognormal(std::mt19937_64& random, std::size_t n, double mu, double sigma) {
  std::lognormal_distribution<double> draw(mu, sigma);
  std::vector<double> out(n);
  for (double& x : out) x = draw(random);
  return out;
}

double median_coverage(std::size_t n, int trials) {
  std::mt19937_64 random(7);
  const double truth = std::exp(0.0);
  int covered = 0;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> sample = lognormal(random, n, 0.0, 0.1);
    std::sort(sample.begin(), sample.end());
    covered += median_interval(sample).ci.contains(truth);
  }
  return static_cast<double>(covered) / trials;
}

TEST(Statistics, MedianIntervalCoversTheTrueMedianAbout95Percent) {
  // Interpolation keeps the coverage near 95% where plain order statistics
  // would jump between 95.9% (n = 20) and 97.9% (n = 10).
  for (std::size_t n : {10u, 20u, 30u}) {
    const double coverage = median_coverage(n, 2000);
    EXPECT_GE(coverage, 0.93) << n;
    EXPECT_LE(coverage, 0.97) << n;
  }
}

TEST(Statistics, MedianIntervalBelowSixSamplesIsTheRange) {
  const std::vector<double> five = {1, 2, 3, 4, 5};
  const MedianInterval m = median_interval(five);
  EXPECT_FALSE(m.exact);
  EXPECT_EQ(m.ci.low, 1);
  EXPECT_EQ(m.ci.high, 5);
  const std::vector<double> six = {1, 2, 3, 4, 5, 6};
  EXPECT_TRUE(median_interval(six).exact);
}

TEST(Statistics, BootstrapRatioIntervalCoversTheTrueRatio) {
  std::mt19937_64 random(11);
  const double truth = std::exp(0.5) / std::exp(0.0);
  int covered = 0;
  const int trials = 1000;
  for (int t = 0; t < trials; ++t) {
    const auto a = lognormal(random, 20, 0.5, 0.1);
    const auto b = lognormal(random, 20, 0.0, 0.1);
    const Estimate e = ratio_of_medians(a, b, static_cast<std::uint64_t>(t), 1000);
    EXPECT_LE(e.ci.low, e.value);
    EXPECT_GE(e.ci.high, e.value);
    covered += e.ci.contains(truth);
  }
  const double coverage = static_cast<double>(covered) / trials;
  EXPECT_GE(coverage, 0.93);
  EXPECT_LE(coverage, 0.97);
}

TEST(Statistics, BootstrapIsReproducibleForOneSeed) {
  const std::vector<double> a = {1.0, 1.1, 0.9, 1.05, 0.95}, b = {2.0, 2.1, 1.9, 2.2, 1.8};
  const Estimate first = ratio_of_medians(a, b, 5), again = ratio_of_medians(a, b, 5);
  EXPECT_EQ(first.ci.low, again.ci.low);
  EXPECT_EQ(first.ci.high, again.ci.high);
  EXPECT_DOUBLE_EQ(first.value, 0.5);
  EXPECT_TRUE(first.has_interval);
}

// Resampling a single number says nothing about how it varies.
TEST(Statistics, OneSampleOnASideGivesARatioButNoInterval) {
  const std::vector<double> one = {1.0}, five = {2.0, 2.1, 1.9, 2.2, 1.8};
  for (const Estimate& e : {ratio_of_medians(one, five, 5), ratio_of_medians(five, one, 5)}) {
    EXPECT_FALSE(e.has_interval);
    EXPECT_EQ(e.ci.low, e.value);
    EXPECT_EQ(e.ci.high, e.value);
  }
  EXPECT_DOUBLE_EQ(ratio_of_medians(one, five, 5).value, 0.5);
}

// compare's comparison: no ratio when either median is 0 (nothing to divide
// by), a ratio without an interval below 2 repetitions, and a classified
// interval otherwise. Each case on both sides of its bound.
TEST(Statistics, CompareTimesNeedsMediansAboveZeroAndTwoRepetitions) {
  const std::vector<double> zero = {0, 0, 0}, one = {0.5}, base = {1.0, 1.0, 1.0}, slower = {1.5, 1.5, 1.5};
  for (const auto& [a, b] : {std::pair{zero, base}, std::pair{base, zero}}) {
    const TimeComparison t = compare_times(a, b, kSeparationThreshold, 1);
    EXPECT_FALSE(t.ratio);
    EXPECT_STREQ(t.why_inconclusive, "a median of zero");
  }
  const TimeComparison single = compare_times(base, one, kSeparationThreshold, 1);
  ASSERT_TRUE(single.ratio);
  EXPECT_EQ(single.ratio->value, 0.5);
  EXPECT_FALSE(single.ratio->has_interval);
  EXPECT_NE(std::string(single.why_inconclusive).find("fewer than 2 repetitions"), std::string::npos);
  const TimeComparison two = compare_times(base, slower, kSeparationThreshold, 1);
  ASSERT_TRUE(two.ratio);
  EXPECT_EQ(two.ratio->value, 1.5);
  EXPECT_EQ(two.change, Change::slower);
  EXPECT_STREQ(two.why_inconclusive, "");
}

// From six samples on, the interval is interpolated between order
// statistics and covers about 95%; it never reaches past the samples.
TEST(Statistics, MedianIntervalFromSixSamplesIsInsideTheRange) {
  for (std::size_t n = 6; n <= 40; ++n) {
    std::vector<double> sorted;
    for (std::size_t i = 0; i < n; ++i) sorted.push_back(static_cast<double>(i));
    const MedianInterval m = median_interval(sorted);
    EXPECT_TRUE(m.exact) << n;
    EXPECT_GE(m.ci.low, 0) << n;
    EXPECT_LE(m.ci.high, static_cast<double>(n - 1)) << n;
    EXPECT_LT(m.ci.low, m.ci.high) << n;
    EXPECT_LE(m.ci.low, median(sorted)) << n;
    EXPECT_GE(m.ci.high, median(sorted)) << n;
  }
}

TEST(Statistics, OutliersByModifiedZScore) {
  const std::vector<double> calm = {0.98, 0.99, 1.0, 1.01, 1.02};
  EXPECT_EQ(count_outliers(calm), 0u);
  std::vector<double> one_far = {0.98, 0.99, 1.0, 1.0, 1.01, 1.02, 2.0};
  EXPECT_EQ(count_outliers(one_far), 1u);
  std::vector<double> two_far = {0.5, 0.98, 0.99, 1.0, 1.0, 1.01, 1.02, 2.0};
  EXPECT_EQ(count_outliers(two_far), 2u);
  const Summary s = summarize({1.0, 2.0, 0.99, 1.01, 1.0, 1.02, 0.98});  // unsorted in
  EXPECT_EQ(s.outliers, 1u);
  EXPECT_DOUBLE_EQ(s.median, 1.0);
}

TEST(Statistics, ClassifyUsesTheWholeInterval) {
  EXPECT_EQ(classify({1.10, {1.06, 1.14}}, 0.05), Change::slower);
  EXPECT_EQ(classify({0.90, {0.86, 0.94}}, 0.05), Change::faster);
  EXPECT_EQ(classify({1.01, {0.97, 1.04}}, 0.05), Change::same);
  EXPECT_EQ(classify({1.30, {0.90, 1.70}}, 0.05), Change::inconclusive);  // +30%, wide
  EXPECT_EQ(classify({1.04, {1.02, 1.07}}, 0.05), Change::inconclusive);  // straddles +5%
}

}  // namespace
}  // namespace concur::stats
