#include "report/columns.hpp"

#include <cmath>

#include <fmt/format.h>

namespace concur::report {
namespace {

template <typename T>
Value optional_value(const std::optional<T>& x) {
  if (!x) return std::monostate{};
  return Value(static_cast<double>(*x));
}
Value when_timed(const CellResult& c, double x) {
  return c.timed() ? Value(x) : Value(std::monostate{});
}
Value count(std::size_t n) { return Value(static_cast<std::int64_t>(n)); }
// An end of the median's interval: none from a single repetition.
Value median_bound(const CellResult& c, double bound) {
  return c.timed() && c.time.count >= 2 ? Value(bound) : Value(std::monostate{});
}
// An end of a ratio's interval: null where it has none (a single repetition).
Value ratio_bound(const std::optional<Estimate>& e, double Interval::*end) {
  return e && e->has_interval ? Value(e->ci.*end) : Value(std::monostate{});
}

std::string share_text(const std::optional<double>& share) {
  return share ? fmt::format("{:.0f}%", *share * 100) : "-";
}
std::string rate_text(const std::optional<double>& rate) {
  return rate ? fmt::format("{:.0f}", *rate) : "-";
}

std::string median_text(const CellResult& c, const CellAnalysis& a) {
  if (!c.timed()) return "-";
  std::string text = format_duration(c.time.median);
  if (c.time.count >= 2)
    text += fmt::format(" ±{:.1f}%", c.time.median_ci.relative_half_width(c.time.median) * 100);
  return text + (a.imprecise ? " !" : "");
}

}  // namespace

std::string to_text(const Value& value) {
  struct {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t n) const { return std::to_string(n); }
    std::string operator()(double x) const { return fmt::format("{}", x); }
    std::string operator()(const std::string& s) const { return s; }
  } visitor;
  return std::visit(visitor, value);
}

std::string format_duration(double seconds) {
  if (seconds >= 1) return fmt::format("{:.3f} s", seconds);
  if (seconds >= 1e-3) return fmt::format("{:.1f} ms", seconds * 1e3);
  if (seconds >= 1e-6 || seconds == 0) return fmt::format("{:.1f} µs", seconds * 1e6);
  return fmt::format("{:.1f} ns", seconds * 1e9);  // Google Benchmark's own rows
}

std::string format_rate(double per_second, std::string_view unit) {
  static constexpr std::pair<double, const char*> kScales[] = {{1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  for (auto [scale, prefix] : kScales)
    if (per_second >= scale) return fmt::format("{:.1f} {} {}/s", per_second / scale, prefix, unit);
  return fmt::format("{:.1f} {}/s", per_second, unit);
}

std::string format_speedup(const Estimate& s) {
  // None from one repetition; none worth showing where it is exact (the baseline's own).
  if (!s.has_interval || (s.ci.low == s.value && s.ci.high == s.value))
    return fmt::format("{:.2f}x", s.value);
  const double half = std::max(s.value - s.ci.low, s.ci.high - s.value);
  return fmt::format("{:.2f}x ±{:.2f}", s.value, half);
}

std::string status_word(const CellResult& c, const CellAnalysis&) {
  switch (c.status) {
    case CellStatus::ok: return c.interrupted ? "yes (cut)" : c.verified ? "yes" : "no";
    case CellStatus::failed: return "FAILED";
    case CellStatus::skipped: return "skipped";
    case CellStatus::not_applicable: return "n/a";
    case CellStatus::interrupted: return "interrupted";
  }
  return "?";
}

const CellAnalysis& analysis_of(const RunReport& report, const CellResult& cell) {
  static const CellAnalysis kNone;
  const auto* first = report.cells.data();
  if (&cell < first || &cell >= first + report.cells.size()) return kNone;
  const auto i = static_cast<std::size_t>(&cell - first);
  return i < report.analysis.cells.size() ? report.analysis.cells[i] : kNone;
}

bool analysed(const RunReport& report) { return report.analysis.cells.size() == report.cells.size(); }

const std::vector<Column>& columns() {
  using C = const CellResult&;
  using A = const CellAnalysis&;
  static const std::vector<Column> kColumns = {
      {"workload", "workload", true, false, [](C c, A) { return c.workload; },
       [](C c, A) { return Value(c.workload); }},
      {"model", "model", true, false, [](C c, A) { return c.model; },
       [](C c, A) { return Value(c.model); }},
      {"workers", "workers", true, true,
       [](C c, A) {
         const bool ran = c.timed() || c.status == CellStatus::failed;
         return ran ? c.workers_label : std::string("-");
       },
       [](C c, A) { return Value(static_cast<std::int64_t>(c.workers)); }},
      {"median_s", "median", true, true, median_text,
       [](C c, A) { return when_timed(c, c.time.median); }},
      {"median_ci_low_s", "median low", false, true,
       [](C c, A) { return c.timed() ? format_duration(c.time.median_ci.low) : "-"; },
       [](C c, A) { return median_bound(c, c.time.median_ci.low); }},
      {"median_ci_high_s", "median high", false, true,
       [](C c, A) { return c.timed() ? format_duration(c.time.median_ci.high) : "-"; },
       [](C c, A) { return median_bound(c, c.time.median_ci.high); }},
      {"repetitions", "n", true, true,
       [](C c, A) { return c.timed() ? std::to_string(c.time.count) : std::string("-"); },
       [](C c, A) { return count(c.real_seconds.size()); }},
      {"outliers", "outliers", true, true,
       [](C c, A) { return c.timed() && c.time.outliers ? std::to_string(c.time.outliers) : std::string(); },
       [](C c, A) { return c.timed() ? count(c.time.outliers) : Value(std::monostate{}); }},
      {"warmup_runs", "warm-up", false, true,
       [](C c, A) { return std::to_string(c.warmup_runs); }, [](C c, A) { return count(c.warmup_runs); }},
      {"cv", "cv", false, true,
       [](C c, A) { return c.timed() ? fmt::format("{:.1f}%", c.time.cv * 100) : "-"; },
       [](C c, A) { return when_timed(c, c.time.cv); }},
      {"min_s", "min", false, true,
       [](C c, A) { return c.timed() ? format_duration(c.time.min) : "-"; },
       [](C c, A) { return when_timed(c, c.time.min); }},
      {"max_s", "max", false, true,
       [](C c, A) { return c.timed() ? format_duration(c.time.max) : "-"; },
       [](C c, A) { return when_timed(c, c.time.max); }},
      {"cpu_s", "cpu", false, true,
       [](C c, A) { return c.timed() ? format_duration(c.cpu_median) : "-"; },
       [](C c, A) { return when_timed(c, c.cpu_median); }},
      {"kernel_s", "kernel", false, true,
       [](C c, A) { return c.kernel_seconds ? format_duration(*c.kernel_seconds) : "-"; },
       [](C c, A) { return optional_value(c.kernel_seconds); }},
      {"speedup", "speedup", true, true,
       [](C, A a) { return a.speedup ? format_speedup(*a.speedup) : "-"; },
       [](C, A a) { return a.speedup ? Value(a.speedup->value) : Value(std::monostate{}); }},
      {"speedup_ci_low", "speedup low", false, true,
       [](C, A a) { return a.speedup ? fmt::format("{:.2f}x", a.speedup->ci.low) : "-"; },
       [](C, A a) { return ratio_bound(a.speedup, &Interval::low); }},
      {"speedup_ci_high", "speedup high", false, true,
       [](C, A a) { return a.speedup ? fmt::format("{:.2f}x", a.speedup->ci.high) : "-"; },
       [](C, A a) { return ratio_bound(a.speedup, &Interval::high); }},
      {"efficiency", "efficiency", true, true,
       [](C, A a) { return a.efficiency ? fmt::format("{:.0f}%", a.efficiency->value * 100) : "-"; },
       [](C, A a) { return a.efficiency ? Value(a.efficiency->value) : Value(std::monostate{}); }},
      {"efficiency_ci_low", "efficiency low", false, true,
       [](C, A a) { return a.efficiency ? fmt::format("{:.0f}%", a.efficiency->ci.low * 100) : "-"; },
       [](C, A a) { return ratio_bound(a.efficiency, &Interval::low); }},
      {"efficiency_ci_high", "efficiency high", false, true,
       [](C, A a) { return a.efficiency ? fmt::format("{:.0f}%", a.efficiency->ci.high * 100) : "-"; },
       [](C, A a) { return ratio_bound(a.efficiency, &Interval::high); }},
      {"cores_used", "cores", true, true,
       [](C, A a) { return a.cores_used ? fmt::format("{:.2f}", a.cores_used->value) : "-"; },
       [](C, A a) { return a.cores_used ? Value(a.cores_used->value) : Value(std::monostate{}); }},
      {"cores_used_ci_low", "cores low", false, true,
       [](C, A a) { return a.cores_used ? fmt::format("{:.2f}", a.cores_used->ci.low) : "-"; },
       [](C, A a) { return ratio_bound(a.cores_used, &Interval::low); }},
      {"cores_used_ci_high", "cores high", false, true,
       [](C, A a) { return a.cores_used ? fmt::format("{:.2f}", a.cores_used->ci.high) : "-"; },
       [](C, A a) { return ratio_bound(a.cores_used, &Interval::high); }},
      {"work_inflation", "work inflation", false, true,
       [](C, A a) { return a.work_inflation ? format_speedup(*a.work_inflation) : "-"; },
       [](C, A a) { return a.work_inflation ? Value(a.work_inflation->value) : Value(std::monostate{}); }},
      {"work_inflation_ci_low", "work inflation low", false, true,
       [](C, A a) { return a.work_inflation ? fmt::format("{:.2f}x", a.work_inflation->ci.low) : "-"; },
       [](C, A a) { return ratio_bound(a.work_inflation, &Interval::low); }},
      {"work_inflation_ci_high", "work inflation high", false, true,
       [](C, A a) { return a.work_inflation ? fmt::format("{:.2f}x", a.work_inflation->ci.high) : "-"; },
       [](C, A a) { return ratio_bound(a.work_inflation, &Interval::high); }},
      // From the mechanism: null (CSV empty, table "-") where not measured here, never 0.
      {"run_delay_share", "run-queue delay", false, true, [](C, A a) { return share_text(a.run_delay_share); },
       [](C, A a) { return optional_value(a.run_delay_share); }},
      {"cores_wanted", "cores wanted", false, true,
       [](C, A a) { return a.cores_wanted ? fmt::format("{:.2f}", *a.cores_wanted) : "-"; },
       [](C, A a) { return optional_value(a.cores_wanted); }},
      {"others_cpu_share", "others' CPU", false, true, [](C, A a) { return share_text(a.others_cpu_share); },
       [](C, A a) { return optional_value(a.others_cpu_share); }},
      {"voluntary_switches_per_s", "voluntary switches/s", false, true,
       [](C, A a) { return rate_text(a.voluntary_switches_per_second); },
       [](C, A a) { return optional_value(a.voluntary_switches_per_second); }},
      {"involuntary_switches_per_s", "involuntary switches/s", false, true,
       [](C, A a) { return rate_text(a.involuntary_switches_per_second); },
       [](C, A a) { return optional_value(a.involuntary_switches_per_second); }},
      {"lock_wait_share", "lock wait", false, true, [](C, A a) { return share_text(a.lock_wait_share); },
       [](C, A a) { return optional_value(a.lock_wait_share); }},
      {"io_wait_ratio", "I/O wait", false, true, [](C, A a) { return share_text(a.io_wait_ratio); },
       [](C, A a) { return optional_value(a.io_wait_ratio); }},
      {"throughput", "throughput", true, true,
       [](C c, A) {
         auto t = c.throughput();
         return t ? format_rate(*t, c.item_unit) : "-";
       },
       [](C c, A) { return optional_value(c.throughput()); }},
      {"unit", "unit", false, false, [](C c, A) { return c.item_unit + "/s"; },
       [](C c, A) { return Value(c.item_unit + "/s"); }},
      {"max_rss_kb", "max RSS", false, true,
       [](C c, A) { return c.timed() ? fmt::format("{:.1f} MiB", c.max_rss_kb / 1024) : "-"; },
       [](C c, A) { return when_timed(c, c.max_rss_kb); }},
      {"verified", "verified", true, false, status_word, [](C c, A) { return Value(c.verified); }},
      {"imprecise", "imprecise", false, false,
       [](C, A a) { return std::string(a.imprecise ? "yes" : ""); },
       [](C, A a) { return Value(a.imprecise); }},
      {"interrupted", "interrupted", false, false,
       [](C c, A) { return std::string(c.interrupted ? "yes" : ""); },
       [](C c, A) { return Value(c.interrupted); }},
      {"status", "status", false, false, [](C c, A) { return std::string(to_string(c.status)); },
       [](C c, A) { return Value(std::string(to_string(c.status))); }},
      {"error", "reason", false, false, [](C c, A) { return c.reason; },
       [](C c, A) { return Value(c.reason); }},
  };
  return kColumns;
}

}  // namespace concur::report
