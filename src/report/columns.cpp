#include "report/columns.hpp"

#include <cmath>

#include <fmt/format.h>

namespace concur::report {
namespace {

bool has_time(const CellResult& c) { return c.status == CellStatus::ok && c.time.count > 0; }

std::string number(double x) { return fmt::format("{:.6g}", x); }
template <typename T>
std::string optional_number(const std::optional<T>& x) { return x ? number(*x) : ""; }

std::string status_text(const CellResult& c) {
  switch (c.status) {
    case CellStatus::ok: return c.verified ? "yes" : "no";
    case CellStatus::failed: return "FAILED";
    case CellStatus::skipped: return "skipped";
    case CellStatus::not_applicable: return "n/a";
  }
  return "?";
}

// A token no CSV reader takes for missing (pandas reads "n/a" as NaN).
std::string machine_status(const CellResult& c) {
  switch (c.status) {
    case CellStatus::ok: return "ok";
    case CellStatus::failed: return "failed";
    case CellStatus::skipped: return "skipped";
    case CellStatus::not_applicable: return "not_applicable";
  }
  return "unknown";
}

std::string spread_text(const CellResult& c) {
  if (!has_time(c) || c.time.count < 2) return "";
  return fmt::format("±{:.1f}%{}", c.time.cv * 100, c.unstable ? " !" : "");
}

}  // namespace

std::string format_duration(double seconds) {
  if (seconds >= 1) return fmt::format("{:.3f} s", seconds);
  if (seconds >= 1e-3) return fmt::format("{:.1f} ms", seconds * 1e3);
  return fmt::format("{:.1f} µs", seconds * 1e6);
}

std::string format_rate(double per_second, std::string_view unit) {
  static constexpr std::pair<double, const char*> kScales[] = {{1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  for (auto [scale, prefix] : kScales)
    if (per_second >= scale) return fmt::format("{:.1f} {} {}/s", per_second / scale, prefix, unit);
  return fmt::format("{:.1f} {}/s", per_second, unit);
}

const std::vector<Column>& columns() {
  static const std::vector<Column> kColumns = {
      {"workload", "workload", true, false,
       [](const CellResult& c) { return c.workload; },
       [](const CellResult& c) { return c.workload; }},
      {"model", "model", true, false,
       [](const CellResult& c) { return c.model; },
       [](const CellResult& c) { return c.model; }},
      {"workers", "workers", true, true,
       [](const CellResult& c) {
         bool ran = c.status == CellStatus::ok || c.status == CellStatus::failed;
         return ran ? c.workers_label : std::string("-");
       },
       [](const CellResult& c) { return std::to_string(c.workers); }},
      {"median_s", "median", true, true,
       [](const CellResult& c) { return has_time(c) ? format_duration(c.time.median) : "-"; },
       [](const CellResult& c) { return has_time(c) ? number(c.time.median) : ""; }},
      {"cv", "spread", true, true, spread_text,
       [](const CellResult& c) { return has_time(c) ? number(c.time.cv) : ""; }},
      {"min_s", "min", false, true,
       [](const CellResult& c) { return has_time(c) ? format_duration(c.time.min) : "-"; },
       [](const CellResult& c) { return has_time(c) ? number(c.time.min) : ""; }},
      {"max_s", "max", false, true,
       [](const CellResult& c) { return has_time(c) ? format_duration(c.time.max) : "-"; },
       [](const CellResult& c) { return has_time(c) ? number(c.time.max) : ""; }},
      {"cpu_s", "cpu", false, true,
       [](const CellResult& c) { return has_time(c) ? format_duration(c.cpu_median) : "-"; },
       [](const CellResult& c) { return has_time(c) ? number(c.cpu_median) : ""; }},
      {"kernel_s", "kernel", false, true,
       [](const CellResult& c) { return c.kernel_seconds ? format_duration(*c.kernel_seconds) : "-"; },
       [](const CellResult& c) { return optional_number(c.kernel_seconds); }},
      {"speedup", "speedup", true, true,
       [](const CellResult& c) { return c.speedup ? fmt::format("{:.2f}x", *c.speedup) : "-"; },
       [](const CellResult& c) { return optional_number(c.speedup); }},
      {"efficiency", "efficiency", true, true,
       [](const CellResult& c) {
         return c.efficiency ? fmt::format("{:.0f}%", *c.efficiency * 100) : "-";
       },
       [](const CellResult& c) { return optional_number(c.efficiency); }},
      {"throughput", "throughput", true, true,
       [](const CellResult& c) {
         auto t = c.throughput();
         return t ? format_rate(*t, c.item_unit) : "-";
       },
       [](const CellResult& c) { return optional_number(c.throughput()); }},
      {"unit", "unit", false, false,
       [](const CellResult& c) { return c.item_unit + "/s"; },
       [](const CellResult& c) { return c.item_unit + "/s"; }},
      {"max_rss_kb", "max RSS", false, true,
       [](const CellResult& c) {
         return has_time(c) ? fmt::format("{:.1f} MiB", c.max_rss_kb / 1024) : "-";
       },
       [](const CellResult& c) { return has_time(c) ? number(c.max_rss_kb) : ""; }},
      {"verified", "verified", true, false, status_text,
       [](const CellResult& c) { return std::string(c.verified ? "true" : "false"); }},
      {"unstable", "unstable", false, false,
       [](const CellResult& c) { return std::string(c.unstable ? "yes" : ""); },
       [](const CellResult& c) { return std::string(c.unstable ? "true" : "false"); }},
      {"status", "status", false, false,
       [](const CellResult& c) { return std::string(to_string(c.status)); },
       machine_status},
      {"error", "reason", false, false,
       [](const CellResult& c) { return c.reason; },
       [](const CellResult& c) { return c.reason; }},
  };
  return kColumns;
}

}  // namespace concur::report
