// CSV: a header row of column keys, one row per cell (RFC 4180 quoting).
#include "concur/report.hpp"
#include "report/columns.hpp"

namespace concur {
namespace {

std::string quoted(const std::string& field) {
  if (field.find_first_of(",\"\n\r") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace

std::string render_csv(const RunReport& report, const RenderOptions&) {
  std::string out;
  const auto& cols = report::columns();
  for (std::size_t i = 0; i < cols.size(); ++i) out += (i ? "," : "") + std::string(cols[i].key);
  out += '\n';
  for (const auto& cell : report.cells) {
    for (std::size_t i = 0; i < cols.size(); ++i) out += (i ? "," : "") + quoted(report::to_text(cols[i].machine(cell, report::analysis_of(report, cell))));
    out += '\n';
  }
  return out;
}

}  // namespace concur
