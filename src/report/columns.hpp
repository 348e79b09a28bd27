// The one list of result columns: every renderer reads it, so a column is
// added (or renamed) in one place for the table, CSV, Markdown and JSON.
// Machine values stay typed (no printing and parsing back), at full precision.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "concur/result.hpp"

namespace concur::report {

// null (no value), a flag, a count, a measurement, or text.
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

struct Column {
  std::string_view key;    // machine name: CSV header, JSON key
  std::string_view title;  // human header: table, Markdown
  bool in_table;           // shown in the human table (CSV and JSON have all)
  bool right_align;
  // A cell with its analysis (RunReport::analysis.cells, same index).
  std::string (*human)(const CellResult&, const CellAnalysis&);  // "412.3 ms ±0.8%", "1.93x ±0.02"
  Value (*machine)(const CellResult&, const CellAnalysis&);      // 0.41234567891, 1.9312, null
};

const std::vector<Column>& columns();

// The analysis of `cell`, one of report.cells; an empty one when the report
// was not analysed (a renderer test's bare cells).
const CellAnalysis& analysis_of(const RunReport& report, const CellResult& cell);
// Whether report.analysis is of these cells (one per cell): rankings and
// verdicts name cells by index, so a report edited since is shown without them.
bool analysed(const RunReport& report);

// A machine value as CSV text: shortest form that reads back to the same
// double, "" for null, true/false for flags.
std::string to_text(const Value& value);

// Human formats shared by renderers.
std::string format_duration(double seconds);  // "412.3 ms"
std::string format_rate(double per_second, std::string_view unit);  // "7.3 M numbers/s"
std::string format_speedup(const Estimate& speedup);  // "1.94x ±0.03"
std::string status_word(const CellResult& cell, const CellAnalysis& = {});     // "yes", "FAILED", "n/a"...

}  // namespace concur::report
