// Matches two result files by benchmark name and decides, per benchmark,
// whether the new median is a regression: beyond the threshold, and, where
// both sides have enough repetitions for a U test, significant.
#include "report/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "report/columns.hpp"

namespace concur::report {

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::same:
      return "same";
    case Verdict::regression:
      return "REGRESSION";
    case Verdict::improvement:
      return "improvement";
    case Verdict::now_fails:
      return "NOW FAILS";
    case Verdict::fixed:
      return "fixed";
    case Verdict::fails_in_both:
      return "fails in both";
  }
  return "?";
}

std::size_t CompareResult::regressions() const {
  return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [](const Comparison& c) {
    return c.verdict == Verdict::regression || c.verdict == Verdict::now_fails;
  }));
}

namespace {

Comparison compare_one(const StoredBenchmark& base, const StoredBenchmark& next,
                       const CompareOptions& options) {
  Comparison c;
  c.name = base.name;
  c.base_count = base.real_seconds.size();
  c.new_count = next.real_seconds.size();
  if (base.failed || next.failed) {
    c.verdict = base.failed && next.failed ? Verdict::fails_in_both
                : base.failed              ? Verdict::fixed
                                           : Verdict::now_fails;
    return c;
  }
  c.base_median = base.median();
  c.new_median = next.median();
  if (c.base_median <= 0) return c;  // nothing to scale a change by
  c.change = c.new_median / c.base_median - 1;
  bool significant = true;  // untestable: the threshold alone decides
  if (utest_possible(c.base_count, c.new_count, options.alpha)) {
    c.p_value = mann_whitney_u(base.real_seconds, next.real_seconds).p_value;
    significant = *c.p_value < options.alpha;
  }
  if (significant && *c.change > options.threshold)
    c.verdict = Verdict::regression;
  else if (significant && *c.change < -options.threshold)
    c.verdict = Verdict::improvement;
  return c;
}

}  // namespace

CompareResult compare(const BenchmarkFile& base, const BenchmarkFile& next,
                      const CompareOptions& options) {
  CompareResult result{base.path, next.path, options, {}, {}, {}};
  std::map<std::string, const StoredBenchmark*> in_new;
  for (const auto& b : next.benchmarks) in_new.emplace(b.name, &b);
  for (const auto& b : base.benchmarks) {
    auto it = in_new.find(b.name);
    if (it == in_new.end()) {
      result.only_in_base.push_back(b.name);
      continue;
    }
    result.rows.push_back(compare_one(b, *it->second, options));
    in_new.erase(it);
  }
  for (const auto& b : next.benchmarks)
    if (in_new.count(b.name)) result.only_in_new.push_back(b.name);
  return result;
}

std::string render_comparison(const CompareResult& r) {
  std::string out =
      fmt::format("Comparing {} (base) with {} (new): threshold {:g}%, alpha {:g}\n\n", r.base_path,
                  r.new_path, r.options.threshold * 100, r.options.alpha);
  std::size_t width = 9;
  for (const auto& c : r.rows) width = std::max(width, c.name.size());
  out += fmt::format("{:<{}}  {:>10}  {:>10}  {:>8}  {:>7}  {}\n", "benchmark", width, "base",
                     "new", "change", "p-value", "verdict");
  std::size_t untested = 0;
  for (const auto& c : r.rows) {
    const bool timed = c.change.has_value();
    if (timed && !c.p_value) ++untested;
    out += fmt::format("{:<{}}  {:>10}  {:>10}  {:>8}  {:>7}  {}\n", c.name, width,
                       timed ? format_duration(c.base_median) : "-",
                       timed ? format_duration(c.new_median) : "-",
                       timed ? fmt::format("{:+.1f}%", *c.change * 100) : "-",
                       c.p_value ? fmt::format("{:.3f}", *c.p_value) : "-", to_string(c.verdict));
  }
  if (r.rows.empty()) out += "(no benchmark is in both files)\n";
  for (const auto& name : r.only_in_base) out += fmt::format("only in base: {}\n", name);
  for (const auto& name : r.only_in_new) out += fmt::format("only in new:  {}\n", name);
  if (untested > 0)
    out += fmt::format(
        "\nU test: too few repetitions for {} of {} benchmarks, judged on the threshold alone. "
        "A Mann-Whitney U test at alpha {:g} needs at least {} per side (9 or more to be "
        "reliable): rerun both with --repetitions.\n",
        untested, r.rows.size(), r.options.alpha, utest_min_repetitions(r.options.alpha));
  const std::size_t regressions = r.regressions();
  out += regressions ? fmt::format("\n{} regression{} beyond {:g}%.\n", regressions,
                                   regressions == 1 ? "" : "s", r.options.threshold * 100)
                     : "\nNo regression.\n";
  return out;
}

}  // namespace concur::report
