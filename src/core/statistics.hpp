// The statistics every verdict rests on, in one place: the median and its
// distribution-free interval, outliers, and ratios of medians with a
// bootstrap interval (speedups in the table, changes in `compare`, the
// course's verdicts).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "concur/result.hpp"

namespace concur::stats {

inline constexpr double kConfidence = 0.95;
inline constexpr unsigned kBootstrapResamples = 2000;

double median_of_sorted(std::span<const double> sorted);
double median(std::vector<double> samples);

// 95% interval of the median of `sorted` from its order statistics, with
// Hettmansperger-Sheather interpolation between the two bracketing pairs so
// the coverage is close to 95% rather than anywhere above it. `exact` is
// false below 6 samples, where the interval is [min, max].
struct MedianInterval {
  Interval ci;
  bool exact = false;
};
MedianInterval median_interval(std::span<const double> sorted);

// Modified z-score rule (Iglewicz & Hoaglin): |0.6745 (x - median) / MAD| > 3.5.
std::size_t count_outliers(std::span<const double> sorted);

// median(numerator) / median(denominator), with a percentile bootstrap
// interval: both samples resampled with replacement, `seed` fixes the draw.
// Both samples must be non-empty and positive. A side with one sample gives
// no interval (has_interval false, ci the value itself): resampling one
// number says nothing about how it varies.
Estimate ratio_of_medians(std::span<const double> numerator, std::span<const double> denominator,
                          std::uint64_t seed, unsigned resamples = kBootstrapResamples);

// What the interval of a time ratio (new / base) says against a threshold,
// the one rule behind `compare` and the course's verdicts: slower only when
// the whole interval lies above 1 + threshold, faster below 1 - threshold,
// same when it lies inside both, otherwise the run cannot tell.
enum class Change { faster, slower, same, inconclusive };
const char* to_string(Change);  // "faster", "slower", "same", "inconclusive"
Change classify(const Estimate& time_ratio, double threshold);

// `compare`'s default threshold, and the one the Analysis separates a
// workload's winners with: two times whose ratio's interval does not lie
// wholly beyond +5% cannot be called different.
inline constexpr double kSeparationThreshold = 0.05;

// A stable seed per name (FNV-1a), so one row's interval does not change
// when another row is added.
std::uint64_t name_seed(std::uint64_t seed, std::string_view name);

// Two samples of wall times, next against base: the whole of `compare`'s
// rule, shared by `compare`, the Analysis's winner sets and the course.
// The ratio (next median / base median) has a bootstrap interval when both
// sides have 2 or more samples; with fewer, or a median of zero, the change
// is inconclusive and `why_inconclusive` says why.
struct TimeComparison {
  std::optional<Estimate> ratio;  // absent: a median of zero
  Change change = Change::inconclusive;
  const char* why_inconclusive = "";
};
TimeComparison compare_times(std::span<const double> base, std::span<const double> next,
                             double threshold, std::uint64_t seed);

}  // namespace concur::stats
