// Statistics of repetitions, computed here once for every renderer and verdict.
#include "core/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace concur {

double Interval::relative_half_width(double center) const {
  if (center <= 0) return 0;
  return std::max(center - low, high - center) / center;
}

namespace stats {
namespace {

// P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so n may be large.
double binomial_half_cdf(std::size_t n, std::size_t k) {
  double total = 0;
  const double log_half_n = static_cast<double>(n) * std::log(0.5);
  for (std::size_t i = 0; i <= k && i <= n; ++i)
    total += std::exp(std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(i) + 1) -
                      std::lgamma(static_cast<double>(n - i) + 1) + log_half_n);
  return std::min(total, 1.0);
}

// Coverage of [x(d), x(n+1-d)] (1-based order statistics): P(d <= B <= n-d).
double coverage(std::size_t n, std::size_t d) { return 1 - 2 * binomial_half_cdf(n, d - 1); }

// The median of `samples`, reordering them (nth_element: no full sort).
double median_in_place(std::vector<double>& samples) {
  const std::size_t n = samples.size();
  const auto middle = samples.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(samples.begin(), middle, samples.end());
  if (n % 2) return *middle;
  return (*middle + *std::max_element(samples.begin(), middle)) / 2;
}

}  // namespace

double median_of_sorted(std::span<const double> sorted) {
  const std::size_t n = sorted.size();
  if (n == 0) return 0;
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return median_of_sorted(samples);
}

MedianInterval median_interval(std::span<const double> sorted) {
  const std::size_t n = sorted.size();
  if (n == 0) return {};
  if (coverage(n, 1) < kConfidence) return {{sorted.front(), sorted.back()}, false};
  // Widest-to-narrowest: the last pair still covering 95%. The loop stops
  // before the middle: coverage(n, d + 1) >= 95% means P(B <= d) <= 2.5%,
  // so d < n / 2 and x(d + 1), x(n - d) both exist.
  std::size_t d = 1;
  while (coverage(n, d + 1) >= kConfidence) ++d;
  const double outer = coverage(n, d);
  const double inner = coverage(n, d + 1);
  // Hettmansperger & Sheather (1986): move each end from x(d) towards
  // x(d+1) by lambda, so the interval's coverage is about 95% exactly.
  const double share = (outer - kConfidence) / (outer - inner);
  const double nd = static_cast<double>(n), dd = static_cast<double>(d);
  const double lambda = (nd - dd) * share / (dd + (nd - 2 * dd) * share);
  const double low = (1 - lambda) * sorted[d - 1] + lambda * sorted[d];
  const double high = (1 - lambda) * sorted[n - d] + lambda * sorted[n - d - 1];
  return {{low, high}, true};
}

std::size_t count_outliers(std::span<const double> sorted) {
  if (sorted.size() < 3) return 0;
  const double m = median_of_sorted(sorted);
  std::vector<double> deviations;
  for (double x : sorted) deviations.push_back(std::abs(x - m));
  const double mad = median(deviations);
  if (mad <= 0) {  // over half the samples equal: anything else stands out
    return static_cast<std::size_t>(
        std::count_if(sorted.begin(), sorted.end(), [m](double x) { return x != m; }));
  }
  return static_cast<std::size_t>(std::count_if(sorted.begin(), sorted.end(), [&](double x) {
    return 0.6745 * std::abs(x - m) / mad > 3.5;
  }));
}

Estimate ratio_of_medians(std::span<const double> numerator, std::span<const double> denominator,
                          std::uint64_t seed, unsigned resamples) {
  if (numerator.empty() || denominator.empty())
    throw std::invalid_argument("ratio_of_medians: empty sample");
  Estimate e;
  e.value = median({numerator.begin(), numerator.end()}) /
            median({denominator.begin(), denominator.end()});
  if (numerator.size() < 2 || denominator.size() < 2) {
    e.ci = {e.value, e.value};
    e.has_interval = false;
    return e;
  }
  std::mt19937_64 random(seed);
  std::vector<double> ratios(resamples), a(numerator.size()), b(denominator.size());
  std::uniform_int_distribution<std::size_t> pick_a(0, a.size() - 1), pick_b(0, b.size() - 1);
  for (double& ratio : ratios) {
    for (double& x : a) x = numerator[pick_a(random)];
    for (double& x : b) x = denominator[pick_b(random)];
    ratio = median_in_place(a) / median_in_place(b);
  }
  std::sort(ratios.begin(), ratios.end());
  const auto at = [&](double q) {
    const double position = q * static_cast<double>(ratios.size() - 1);
    const auto below = static_cast<std::size_t>(position);
    const double above = ratios[std::min(below + 1, ratios.size() - 1)];
    return ratios[below] + (position - static_cast<double>(below)) * (above - ratios[below]);
  };
  const double tail = (1 - kConfidence) / 2;
  e.ci = {std::min(at(tail), e.value), std::max(at(1 - tail), e.value)};
  return e;
}

const char* to_string(Change change) {
  switch (change) {
    case Change::faster: return "faster";
    case Change::slower: return "slower";
    case Change::same: return "same";
    case Change::inconclusive: return "inconclusive";
  }
  return "?";
}

Change classify(const Estimate& r, double threshold) {
  if (r.ci.low > 1 + threshold) return Change::slower;
  if (r.ci.high < 1 - threshold) return Change::faster;
  if (r.ci.low >= 1 - threshold && r.ci.high <= 1 + threshold) return Change::same;
  return Change::inconclusive;
}

std::uint64_t name_seed(std::uint64_t seed, std::string_view name) {
  std::uint64_t hash = 1469598103934665603ull ^ seed;
  for (unsigned char c : name) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

TimeComparison compare_times(std::span<const double> base, std::span<const double> next,
                             double threshold, std::uint64_t seed) {
  TimeComparison result;
  const double base_median = base.empty() ? 0 : median({base.begin(), base.end()});
  const double next_median = next.empty() ? 0 : median({next.begin(), next.end()});
  if (base_median <= 0 || next_median <= 0) {
    result.why_inconclusive = "a median of zero";
    return result;
  }
  if (base.size() < 2 || next.size() < 2) {
    // One number per side: a ratio, but nothing says how much it varies.
    const double ratio = next_median / base_median;
    result.ratio = Estimate{ratio, {ratio, ratio}, /*has_interval=*/false};
    result.why_inconclusive = "fewer than 2 repetitions on a side: no interval";
    return result;
  }
  result.ratio = ratio_of_medians(next, base, seed);
  result.change = classify(*result.ratio, threshold);
  if (result.change == Change::inconclusive)
    result.why_inconclusive = "the interval crosses the threshold";
  return result;
}

}  // namespace stats

Summary summarize(std::vector<double> samples) {
  Summary s;
  s.count = samples.size();
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size();
  s.min = samples.front();
  s.max = samples.back();
  s.median = stats::median_of_sorted(samples);
  s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(n);
  if (n > 1) {
    double squares = 0;
    for (double x : samples) squares += (x - s.mean) * (x - s.mean);
    s.stddev = std::sqrt(squares / static_cast<double>(n - 1));  // sample stddev
  }
  s.cv = s.mean > 0 ? s.stddev / s.mean : 0;
  const stats::MedianInterval interval = stats::median_interval(samples);
  s.median_ci = interval.ci;
  s.median_ci_exact = interval.exact;
  s.outliers = stats::count_outliers(samples);
  return s;
}

}  // namespace concur
