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

std::string median_text(const CellResult& c) {
  if (!c.timed()) return "-";
  std::string text = format_duration(c.time.median);
  if (c.time.count >= 2)
    text += fmt::format(" ±{:.1f}%", c.time.median_ci.relative_half_width(c.time.median) * 100);
  return text + (c.imprecise ? " !" : "");
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

std::string status_word(const CellResult& c) {
  switch (c.status) {
    case CellStatus::ok: return c.interrupted ? "yes (cut)" : c.verified ? "yes" : "no";
    case CellStatus::failed: return "FAILED";
    case CellStatus::skipped: return "skipped";
    case CellStatus::not_applicable: return "n/a";
    case CellStatus::interrupted: return "interrupted";
  }
  return "?";
}

const std::vector<Column>& columns() {
  using C = const CellResult&;
  static const std::vector<Column> kColumns = {
      {"workload", "workload", true, false, [](C c) { return c.workload; },
       [](C c) { return Value(c.workload); }},
      {"model", "model", true, false, [](C c) { return c.model; },
       [](C c) { return Value(c.model); }},
      {"workers", "workers", true, true,
       [](C c) {
         const bool ran = c.timed() || c.status == CellStatus::failed;
         return ran ? c.workers_label : std::string("-");
       },
       [](C c) { return Value(static_cast<std::int64_t>(c.workers)); }},
      {"median_s", "median", true, true, median_text,
       [](C c) { return when_timed(c, c.time.median); }},
      {"median_ci_low_s", "median low", false, true,
       [](C c) { return c.timed() ? format_duration(c.time.median_ci.low) : "-"; },
       [](C c) { return median_bound(c, c.time.median_ci.low); }},
      {"median_ci_high_s", "median high", false, true,
       [](C c) { return c.timed() ? format_duration(c.time.median_ci.high) : "-"; },
       [](C c) { return median_bound(c, c.time.median_ci.high); }},
      {"repetitions", "n", true, true,
       [](C c) { return c.timed() ? std::to_string(c.time.count) : std::string("-"); },
       [](C c) { return count(c.real_seconds.size()); }},
      {"outliers", "outliers", true, true,
       [](C c) { return c.timed() && c.time.outliers ? std::to_string(c.time.outliers) : std::string(); },
       [](C c) { return c.timed() ? count(c.time.outliers) : Value(std::monostate{}); }},
      {"warmup_runs", "warm-up", false, true,
       [](C c) { return std::to_string(c.warmup_runs); }, [](C c) { return count(c.warmup_runs); }},
      {"cv", "cv", false, true,
       [](C c) { return c.timed() ? fmt::format("{:.1f}%", c.time.cv * 100) : "-"; },
       [](C c) { return when_timed(c, c.time.cv); }},
      {"min_s", "min", false, true,
       [](C c) { return c.timed() ? format_duration(c.time.min) : "-"; },
       [](C c) { return when_timed(c, c.time.min); }},
      {"max_s", "max", false, true,
       [](C c) { return c.timed() ? format_duration(c.time.max) : "-"; },
       [](C c) { return when_timed(c, c.time.max); }},
      {"cpu_s", "cpu", false, true,
       [](C c) { return c.timed() ? format_duration(c.cpu_median) : "-"; },
       [](C c) { return when_timed(c, c.cpu_median); }},
      {"kernel_s", "kernel", false, true,
       [](C c) { return c.kernel_seconds ? format_duration(*c.kernel_seconds) : "-"; },
       [](C c) { return optional_value(c.kernel_seconds); }},
      {"speedup", "speedup", true, true,
       [](C c) { return c.speedup ? format_speedup(*c.speedup) : "-"; },
       [](C c) { return c.speedup ? Value(c.speedup->value) : Value(std::monostate{}); }},
      {"speedup_ci_low", "speedup low", false, true,
       [](C c) { return c.speedup ? fmt::format("{:.2f}x", c.speedup->ci.low) : "-"; },
       [](C c) { return ratio_bound(c.speedup, &Interval::low); }},
      {"speedup_ci_high", "speedup high", false, true,
       [](C c) { return c.speedup ? fmt::format("{:.2f}x", c.speedup->ci.high) : "-"; },
       [](C c) { return ratio_bound(c.speedup, &Interval::high); }},
      {"efficiency", "efficiency", true, true,
       [](C c) { return c.efficiency ? fmt::format("{:.0f}%", c.efficiency->value * 100) : "-"; },
       [](C c) { return c.efficiency ? Value(c.efficiency->value) : Value(std::monostate{}); }},
      {"efficiency_ci_low", "efficiency low", false, true,
       [](C c) { return c.efficiency ? fmt::format("{:.0f}%", c.efficiency->ci.low * 100) : "-"; },
       [](C c) { return ratio_bound(c.efficiency, &Interval::low); }},
      {"efficiency_ci_high", "efficiency high", false, true,
       [](C c) { return c.efficiency ? fmt::format("{:.0f}%", c.efficiency->ci.high * 100) : "-"; },
       [](C c) { return ratio_bound(c.efficiency, &Interval::high); }},
      {"throughput", "throughput", true, true,
       [](C c) {
         auto t = c.throughput();
         return t ? format_rate(*t, c.item_unit) : "-";
       },
       [](C c) { return optional_value(c.throughput()); }},
      {"unit", "unit", false, false, [](C c) { return c.item_unit + "/s"; },
       [](C c) { return Value(c.item_unit + "/s"); }},
      {"max_rss_kb", "max RSS", false, true,
       [](C c) { return c.timed() ? fmt::format("{:.1f} MiB", c.max_rss_kb / 1024) : "-"; },
       [](C c) { return when_timed(c, c.max_rss_kb); }},
      {"verified", "verified", true, false, status_word, [](C c) { return Value(c.verified); }},
      {"imprecise", "imprecise", false, false,
       [](C c) { return std::string(c.imprecise ? "yes" : ""); },
       [](C c) { return Value(c.imprecise); }},
      {"interrupted", "interrupted", false, false,
       [](C c) { return std::string(c.interrupted ? "yes" : ""); },
       [](C c) { return Value(c.interrupted); }},
      {"status", "status", false, false, [](C c) { return std::string(to_string(c.status)); },
       [](C c) { return Value(std::string(to_string(c.status))); }},
      {"error", "reason", false, false, [](C c) { return c.reason; },
       [](C c) { return Value(c.reason); }},
  };
  return kColumns;
}

}  // namespace concur::report
