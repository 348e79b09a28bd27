// Matches two result files by benchmark name and decides, per benchmark,
// from the 95% bootstrap interval of new median / base median: slower only
// when the whole interval lies beyond +threshold, faster beyond -threshold,
// same inside ±threshold, otherwise inconclusive. The U test's p-value is
// shown beside it, for readers used to it.
#include "report/compare.hpp"
#include "report/text_layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/statistics.hpp"
#include "report/columns.hpp"

namespace concur::report {

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::same: return "same";
    case Verdict::slower: return "SLOWER";
    case Verdict::faster: return "faster";
    case Verdict::inconclusive: return "inconclusive";
    case Verdict::now_fails: return "NOW FAILS";
    case Verdict::fixed: return "fixed";
    case Verdict::fails_in_both: return "fails in both";
    case Verdict::not_run: return "not run";
  }
  return "?";
}

std::size_t CompareResult::count(Verdict verdict) const {
  return static_cast<std::size_t>(std::count_if(
      rows.begin(), rows.end(), [verdict](const Comparison& c) { return c.verdict == verdict; }));
}

int CompareResult::exit_code() const {
  const bool failed = count(Verdict::slower) + count(Verdict::now_fails) > 0 ||
                      (options.fail_on_inconclusive && count(Verdict::inconclusive) > 0) ||
                      (options.fail_on_missing && !only_in_base.empty());
  return failed ? exit_code::failed : exit_code::ok;
}

namespace {

Side side_of(const StoredBenchmark& b) {
  Side s;
  s.count = b.real_seconds.empty() ? (b.median_seconds ? 1 : 0) : b.real_seconds.size();
  s.median = b.median();
  if (b.real_seconds.size() >= 2) {
    const Summary summary = summarize(b.real_seconds);
    s.spread = summary.median_ci.relative_half_width(summary.median);
  }
  return s;
}

// A side as samples: its repetitions, or its one stored median.
std::vector<double> samples_of(const StoredBenchmark& b) {
  if (!b.real_seconds.empty()) return b.real_seconds;
  return {b.median()};
}

Comparison compare_one(const StoredBenchmark& base, const StoredBenchmark& next,
                       const CompareOptions& options) {
  Comparison c;
  c.name = base.name;
  c.base = side_of(base);
  c.next = side_of(next);
  if (base.not_run && next.not_run) {
    c.verdict = Verdict::not_run;
    return c;
  }
  if (base.failed || next.failed) {
    c.verdict = base.failed && next.failed ? Verdict::fails_in_both
                : base.failed              ? Verdict::fixed
                                           : Verdict::now_fails;
    return c;
  }
  // The rule itself is shared with the Analysis's winner sets and the course.
  const stats::TimeComparison t = stats::compare_times(
      samples_of(base), samples_of(next), options.threshold, stats::name_seed(options.seed, c.name));
  c.ratio = t.ratio;
  c.why_inconclusive = t.why_inconclusive;
  if (c.ratio && c.ratio->has_interval && utest_possible(c.base.count, c.next.count, options.alpha))
    c.p_value = mann_whitney_u(base.real_seconds, next.real_seconds).p_value;
  switch (t.change) {
    case stats::Change::slower: c.verdict = Verdict::slower; break;
    case stats::Change::faster: c.verdict = Verdict::faster; break;
    case stats::Change::same: c.verdict = Verdict::same; break;
    case stats::Change::inconclusive: c.verdict = Verdict::inconclusive; break;
  }
  return c;
}

std::string side_text(const Side& s) {
  if (s.count == 0) return "-";
  std::string text = format_duration(s.median);
  if (s.spread) text += fmt::format(" ±{:.1f}%", *s.spread * 100);
  return text + fmt::format(" (n={})", s.count);
}

std::string change_text(const Comparison& c) {
  if (!c.ratio) return "-";
  if (!c.ratio->has_interval) return fmt::format("{:+.1f}%", (c.ratio->value - 1) * 100);
  return fmt::format("{:+.1f}% [{:+.1f}, {:+.1f}]", (c.ratio->value - 1) * 100,
                     (c.ratio->ci.low - 1) * 100, (c.ratio->ci.high - 1) * 100);
}

const char* verdict_colour(Verdict v) {
  switch (v) {
    case Verdict::slower:
    case Verdict::now_fails: return "\033[1;31m";
    case Verdict::faster:
    case Verdict::fixed: return "\033[32m";
    case Verdict::inconclusive: return "\033[33m";
    default: return "";
  }
}

std::string summary_line(const CompareResult& r) {
  std::string out;
  const auto add = [&](Verdict v, std::string_view what) {
    if (std::size_t n = r.count(v)) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, what);
  };
  add(Verdict::slower, "slower");
  add(Verdict::now_fails, "now failing");
  add(Verdict::faster, "faster");
  add(Verdict::same, "same");
  add(Verdict::inconclusive, "inconclusive");
  add(Verdict::fixed, "fixed");
  add(Verdict::fails_in_both, "failing in both");
  add(Verdict::not_run, "not run in either");
  return out;
}

}  // namespace

CompareResult compare(const BenchmarkFile& base, const BenchmarkFile& next,
                      const CompareOptions& options) {
  CompareResult result{base.path, next.path, options, {}, {}, {}, {}, std::nullopt};
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
  for (const auto& s : base.skipped) result.skipped.push_back({"base: " + s.name, s.reason});
  for (const auto& s : next.skipped) result.skipped.push_back({"new: " + s.name, s.reason});
  if (result.rows.empty()) {
    // A side whose every row was skipped: that, not the command, is why.
    const bool base_empty = base.benchmarks.empty(), next_empty = next.benchmarks.empty();
    const std::string why = base_empty && next_empty ? "neither has a timing that can be compared"
                            : base_empty || next_empty
                                ? fmt::format("{} has no timing that can be compared",
                                              base_empty ? base.path : next.path)
                                : "were they made by the same command?";
    const std::size_t n = result.skipped.size();
    throw NothingToCompare(
        fmt::format("{} and {} have no benchmark in common: nothing to compare ({}{})", base.path,
                    next.path, why,
                    n ? fmt::format("; {} row{} skipped, listed above", n, n == 1 ? "" : "s") : ""),
        result.skipped);
  }
  double log_sum = 0;
  std::size_t ratios = 0;
  for (const auto& row : result.rows)
    if (row.ratio && row.ratio->value > 0) {
      log_sum += std::log(row.ratio->value);
      ++ratios;
    }
  if (ratios > 0) result.geometric_mean = std::exp(log_sum / static_cast<double>(ratios));
  return result;
}

std::string render_skipped(const std::vector<SkippedRow>& skipped, std::string_view bullet) {
  std::string out;
  for (const auto& s : skipped) out += fmt::format("{}skipped {}: {}\n", bullet, s.name, s.reason);
  return out;
}

std::string render_comparison(const CompareResult& r, std::string_view format, bool color, std::size_t columns) {
  const bool markdown = format == "markdown";
  if (!markdown && format != "table")
    throw UsageError(fmt::format("compare --format '{}': use table or markdown", format));
  const std::string threshold = fmt::format("{:g}%", r.options.threshold * 100);
  std::string out =
      markdown ? fmt::format("### concur-bench compare\n\n{} (base) → {} (new), threshold "
                             "±{}, 95% intervals\n\n",
                             markdown_code(r.base_path), markdown_code(r.new_path), threshold)
               : wrap_hanging(fmt::format("Comparing {} (base) with {} (new): threshold ±{}, 95% intervals of "
                                          "the ratio of medians; U test at alpha {:g} shown beside",
                                          r.base_path, r.new_path, threshold, r.options.alpha),
                              columns, "", 2) + "\n";
  const std::vector<std::string> header = {"benchmark", "base", "new", "change [95% CI]",
                                           "p-value", "verdict"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : r.rows)
    rows.push_back({c.name, side_text(c.base), side_text(c.next), change_text(c),
                    c.p_value ? fmt::format("{:.3f}", *c.p_value) : "-", to_string(c.verdict)});
  if (markdown) {
    out += "| benchmark | base | new | change [95% CI] | p-value | verdict |\n";
    out += "| :--- | ---: | ---: | ---: | ---: | :--- |\n";
    for (const auto& row : rows)
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", markdown_cell(markdown_code(row[0])), row[1], row[2], row[3],
                         row[4], row[5] == "SLOWER" || row[5] == "NOW FAILS"
                                     ? "**" + row[5] + "**"
                                     : row[5]);
  } else {
    std::vector<std::size_t> width(header.size());
    for (std::size_t i = 0; i < header.size(); ++i) {
      width[i] = header[i].size();
      for (const auto& row : rows) width[i] = std::max(width[i], row[i].size());
    }
    const auto line = [&](const std::vector<std::string>& cells, const char* colour) {
      std::string text;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const bool right = i >= 1 && i <= 4;
        std::string cell = right ? fmt::format("{:>{}}", cells[i], width[i])
                                 : fmt::format("{:<{}}", cells[i], width[i]);
        if (i + 1 == cells.size() && colour && *colour) cell = colour + cell + "\033[0m";
        text += (i ? "  " : "") + cell;
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      return text + "\n";
    };
    out += line(header, nullptr);
    for (std::size_t i = 0; i < rows.size(); ++i)
      out += line(rows[i], color ? verdict_colour(r.rows[i].verdict) : nullptr);
  }
  out += '\n';
  const char* bullet = markdown ? "- " : "";
  for (const auto& name : r.only_in_base) out += fmt::format("{}only in base (missing from new): {}\n", bullet, name);
  for (const auto& name : r.only_in_new) out += fmt::format("{}only in new: {}\n", bullet, name);
  out += render_skipped(r.skipped, bullet);
  if (r.geometric_mean)
    out += fmt::format("{}geometric mean of new/base: {:.3f} ({:+.1f}%)\n", bullet,
                       *r.geometric_mean, (*r.geometric_mean - 1) * 100);
  const std::string summary = summary_line(r);
  // The verdict lines wrap at the terminal's width (Markdown: never).
  const std::size_t prose = markdown ? 0 : columns;
  out += markdown ? fmt::format("\n**{}.**\n", summary) : "\n" + wrap_hanging(summary + ".", prose, "", 2);
  if (const std::size_t n = r.count(Verdict::inconclusive))
    out += wrap_hanging(fmt::format(
        "{} inconclusive: the interval of the ratio is wider than the threshold or crosses it; "
        "rerun both sides with more repetitions (--min-repetitions, --max-time) on a quiet "
        "machine{}.",
        n, r.options.fail_on_inconclusive ? " (--fail-on-inconclusive: this fails the gate)"
                                          : " (not a failure unless --fail-on-inconclusive)"), prose, "", 2);
  if (r.options.fail_on_missing && !r.only_in_base.empty())
    out += wrap_hanging(fmt::format("{} benchmark{} of the base missing from the new file "
                                    "(--fail-on-missing: this fails the gate).",
                                    r.only_in_base.size(), r.only_in_base.size() == 1 ? "" : "s"), prose, "", 2);
  return out;
}

}  // namespace concur::report
