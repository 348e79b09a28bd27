// Mann-Whitney U: does one set of repetitions tend to be slower than the
// other? No assumption of normality, which benchmark times rarely meet.
#include <algorithm>
#include <cmath>
#include <limits>

#include "report/compare.hpp"

namespace concur::report {
namespace {

constexpr std::size_t kMaxExact = 20;  // per side; the normal approximation is good beyond

double binomial(std::size_t n, std::size_t k) {
  double result = 1;
  for (std::size_t i = 1; i <= k; ++i)
    result = result * static_cast<double>(n - k + i) / static_cast<double>(i);
  return result;
}

// Number of orderings of n1 + n2 distinct values giving each U (the count of
// pairs where the first sample's value is larger). Taking the largest value:
// from the first sample it beats all n2 others, from the second it adds 0.
std::vector<double> u_distribution(std::size_t n1, std::size_t n2) {
  // counts[i][j] is the distribution for i first-sample and j second-sample values.
  std::vector<std::vector<std::vector<double>>> counts(n1 + 1,
                                                       std::vector<std::vector<double>>(n2 + 1));
  for (std::size_t i = 0; i <= n1; ++i)
    for (std::size_t j = 0; j <= n2; ++j) {
      auto& d = counts[i][j];
      d.assign(i * j + 1, 0.0);
      if (i == 0 || j == 0) {
        d[0] = 1;
        continue;
      }
      for (std::size_t u = 0; u < counts[i - 1][j].size(); ++u) d[u + j] += counts[i - 1][j][u];
      for (std::size_t u = 0; u < counts[i][j - 1].size(); ++u) d[u] += counts[i][j - 1][u];
    }
  return counts[n1][n2];
}

}  // namespace

UTestResult mann_whitney_u(const std::vector<double>& first, const std::vector<double>& second) {
  UTestResult result;
  const std::size_t n1 = first.size(), n2 = second.size();
  if (n1 == 0 || n2 == 0) return result;
  for (double a : first)
    for (double b : second) result.u += a > b ? 1.0 : a == b ? 0.5 : 0.0;

  // Ranks of the pooled sample, for the tie correction.
  std::vector<double> pooled(first);
  pooled.insert(pooled.end(), second.begin(), second.end());
  std::sort(pooled.begin(), pooled.end());
  double tie_term = 0;
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = i;
    while (j < pooled.size() && pooled[j] == pooled[i]) ++j;
    const double t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    i = j;
  }

  const double n1d = static_cast<double>(n1), n2d = static_cast<double>(n2), n = n1d + n2d;
  if (tie_term == 0 && n1 <= kMaxExact && n2 <= kMaxExact) {
    const std::vector<double> counts = u_distribution(n1, n2);
    const double total = binomial(n1 + n2, n1);
    const auto u = static_cast<std::size_t>(result.u);
    double lower = 0, upper = 0;
    for (std::size_t k = 0; k < counts.size(); ++k) (k <= u ? lower : upper) += counts[k];
    upper += counts[u];  // P(U >= u) includes u itself
    result.p_value = std::min(1.0, 2 * std::min(lower, upper) / total);
    result.exact = true;
    return result;
  }
  const double mean = n1d * n2d / 2;
  const double variance = n1d * n2d / 12 * ((n + 1) - tie_term / (n * (n - 1)));
  if (variance <= 0) return result;  // every value equal: no evidence either way
  const double z = std::max(0.0, std::abs(result.u - mean) - 0.5) / std::sqrt(variance);
  result.p_value = std::min(1.0, std::erfc(z / std::sqrt(2.0)));
  return result;
}

bool utest_possible(std::size_t n1, std::size_t n2, double alpha) {
  if (n1 < 2 || n2 < 2) return false;
  return 2 / binomial(n1 + n2, std::min(n1, n2)) < alpha;
}

std::size_t utest_min_repetitions(double alpha) {
  std::size_t n = 2;
  while (!utest_possible(n, n, alpha) && n < 1000) ++n;
  return n;
}

}  // namespace concur::report
