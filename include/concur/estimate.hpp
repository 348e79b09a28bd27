// An estimate with its 95% interval: the unit every statistic of a run is
// given in (result.hpp's Summary, analysis.hpp's per-cell estimates).
#pragma once

namespace concur {

// A two-sided 95% confidence interval.
struct Interval {
  double low = 0, high = 0;
  bool contains(double x) const { return low <= x && x <= high; }
  // The larger distance from `center` to an end, relative to `center`: the
  // "±2%" a reader sees.
  double relative_half_width(double center) const;
  bool operator==(const Interval&) const = default;
};

// A ratio of medians (speedup, efficiency) with its bootstrap interval, or a
// median with its order-statistics interval.
struct Estimate {
  double value = 0;
  Interval ci;
  // False when a side had a single sample: nothing says how much the ratio
  // varies, so renderers show no interval (null in JSON); `ci` is then
  // [value, value].
  bool has_interval = true;
  bool operator==(const Estimate&) const = default;
};

}  // namespace concur
