#include "course/course_verdicts.hpp"

#include <algorithm>

#include "core/statistics.hpp"

namespace concur::course {

Measured Measured::sampled(std::vector<double> samples, double rss_kb, double cpu, double expected_cpus) {
  const double middle = stats::median(samples);
  return {middle, {}, rss_kb, cpu, std::move(samples), expected_cpus};
}

std::optional<double> cpu_share(const Measured& cell) {
  if (!cell.ok() || cell.expected_cpus <= 0 || cell.cpu_seconds <= 0 || *cell.seconds <= 0) return std::nullopt;
  return cell.cpu_seconds / (*cell.seconds * cell.expected_cpus);
}

Verdict judge(const Measured& base, const Measured& other) {
  Verdict v;
  if (!base.ok() || !other.ok() || base.samples.empty() || other.samples.empty()) return v;
  // compare's rule (shared), with a fixed seed: the same measurements
  // always give the same verdict.
  const stats::TimeComparison t = stats::compare_times(base.samples, other.samples, kTieBand, 42);
  if (!t.ratio) return v;  // a median of zero: nothing measured to judge
  const Estimate time_ratio = *t.ratio;
  v.speedup = {1 / time_ratio.value, {1 / time_ratio.ci.high, 1 / time_ratio.ci.low},
               time_ratio.has_interval};
  v.doubt = Doubt::none;
  for (const Measured* cell : {&base, &other})
    if (auto share = cpu_share(*cell); share && *share < kMinCpuShare) {
      v.doubt = Doubt::starved;
      v.starved_share = v.starved_share > 0 ? std::min(v.starved_share, *share) : *share;
    }
  if (v.doubt == Doubt::starved) return v;
  if (std::min(base.samples.size(), other.samples.size()) < kMinSamples) {
    v.doubt = Doubt::too_few_samples;
    return v;
  }
  switch (t.change) {
    case stats::Change::faster: v.outcome = Outcome::faster; break;
    case stats::Change::slower: v.outcome = Outcome::slower; break;
    case stats::Change::same: v.outcome = Outcome::tie; break;
    case stats::Change::inconclusive: v.doubt = Doubt::wide_interval; break;
  }
  return v;
}

Candidate candidate(std::string name, const Measured& base, const Measured& cell) {
  return {std::move(name), &cell, judge(base, cell)};
}

Ranking rank(const std::vector<Candidate>& candidates) {
  Ranking r;
  for (const auto& c : candidates)
    if (c.verdict.faster()) r.faster.push_back(&c);
  std::sort(r.faster.begin(), r.faster.end(), [](const Candidate* a, const Candidate* b) {
    return a->verdict.speedup.value > b->verdict.speedup.value;
  });
  if (r.faster.size() >= 2) r.first_vs_second = judge(*r.faster[1]->cell, *r.faster[0]->cell);
  return r;
}

}  // namespace concur::course
