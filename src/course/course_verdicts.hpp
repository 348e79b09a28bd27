// What the course concludes from two cells: faster, slower, a tie, or
// "cannot tell", from the interval of the ratio of their medians under the
// same rule as `compare` (stats::classify), never from a bare threshold.
// Sections and the summary ask here, so they cannot disagree.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "concur/result.hpp"
#include "core/statistics.hpp"
#include "course/course_facts.hpp"

namespace concur::course {

// The thresholds, named once.
// `compare`'s and the Analysis's: two times whose ratio's interval lies
// within ±5% are a tie; beyond, the whole interval must lie past it to call
// one faster (stats::compare_times, the one rule).
inline constexpr double kTieBand = stats::kSeparationThreshold;
// A computing cell that got less than this share of the CPUs it needed was
// starved by other programs: nothing can be concluded about it.
inline constexpr double kMinCpuShare = 0.75;
// Fewer repetitions than this give no interval worth the name.
inline constexpr std::size_t kMinSamples = 3;

enum class Outcome { faster, slower, tie, cannot_tell };
enum class Doubt { none, not_measured, too_few_samples, starved, wide_interval };

struct Verdict {
  Outcome outcome = Outcome::cannot_tell;
  Doubt doubt = Doubt::not_measured;
  Estimate speedup;        // base time / other time with its 95% interval, once measured
  double starved_share = 0;  // Doubt::starved: the share of its CPUs the starved cell got
  bool measured() const { return doubt != Doubt::not_measured; }
  bool faster() const { return outcome == Outcome::faster; }
};

// Is `other` faster than `base`? (speedup = base / other)
Verdict judge(const Measured& base, const Measured& other);

// Peak memories within ±20% of each other are called the same (one peak per
// cell, no repetitions to take an interval from).
inline constexpr double kMemoryTieBand = 0.20;

// One of several ways to do the same work, judged against sequential.
struct Candidate {
  std::string name;
  const Measured* cell = nullptr;
  Verdict verdict;  // against the base
};
// The candidates faster than the base, fastest first; `clear_winner` when
// the fastest also beats the next one (not a tie, not "cannot tell").
struct Ranking {
  std::vector<const Candidate*> faster;
  Verdict first_vs_second;  // judge(second, first)
  bool clear_winner() const { return faster.size() == 1 || first_vs_second.faster(); }
};
Ranking rank(const std::vector<Candidate>& candidates);
// Candidates built from cells: each judged against `base`.
Candidate candidate(std::string name, const Measured& base, const Measured& cell);

// CPU time over wall time per CPU the cell should have kept busy; nullopt
// when the cell waits rather than computes, or its CPU time is unknown.
std::optional<double> cpu_share(const Measured& cell);

}  // namespace concur::course
