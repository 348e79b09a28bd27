// The terminal table: aligned columns, one blank line between workloads,
// reasons for failed or skipped cells as numbered notes below. With colour
// (a terminal without NO_COLOR): verified in green, failures in red, and a
// bar per row showing the speedup.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "concur/report.hpp"
#include "report/applicability.hpp"
#include "report/columns.hpp"
#include "report/scaling.hpp"
#include "report/text_layout.hpp"
#include "report/figures_note.hpp"
#include "report/spawn_cost_note.hpp"
#include "report/warnings_note.hpp"

namespace concur {
namespace {

using report::display_width;
using report::pad;

const char* status_colour(const CellResult& c) {
  switch (c.status) {
    case CellStatus::ok: return "\033[32m";
    case CellStatus::failed: return "\033[1;31m";
    default: return "\033[2m";
  }
}

std::string speedup_bar(const CellAnalysis& c, double max_speedup) {
  constexpr int kWidth = 24;
  if (!c.speedup || max_speedup <= 0) return "";
  int eighths = static_cast<int>(c.speedup->value / max_speedup * kWidth * 8 + 0.5);
  static const char* kParts[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  std::string bar;
  for (int i = 0; i < eighths / 8; ++i) bar += "█";
  bar += kParts[eighths % 8];
  return bar;
}

}  // namespace

std::string render_table(const RunReport& report, const RenderOptions& options) {
  std::vector<const report::Column*> cols;
  for (const auto& c : report::columns())
    if (c.in_table) cols.push_back(&c);

  // Notes: one number per distinct reason, shown after the status word.
  std::map<std::string, int> note_number;
  std::vector<std::string> notes;
  std::vector<std::vector<std::string>> rows;
  const std::vector<const CellResult*> cells = report::applicable_cells(report);
  for (const CellResult* shown : cells) {
    const CellResult& cell = *shown;
    std::vector<std::string> row;
    const CellAnalysis& analysed = report::analysis_of(report, cell);
    for (const auto* col : cols) row.push_back(col->human(cell, analysed));
    if (!cell.reason.empty()) {
      auto [it, inserted] = note_number.try_emplace(cell.reason, static_cast<int>(notes.size()) + 1);
      if (inserted) notes.push_back(cell.reason);
      row.back() += fmt::format(" [{}]", it->second);
    }
    rows.push_back(std::move(row));
  }

  std::vector<std::size_t> widths;
  for (const auto* col : cols) widths.push_back(display_width(col->title));
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));

  // Narrow terminal: drop the columns a reader misses least until it fits.
  auto total_width = [&] {
    std::size_t total = 0;
    for (std::size_t w : widths) total += w + 2;
    return total - 2;
  };
  for (std::string_view key : {"outliers", "cores_used", "throughput", "n", "efficiency", "workers"}) {
    if (options.width == 0 || total_width() <= options.width) break;
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (cols[i]->key != key && !(key == "n" && cols[i]->key == "repetitions")) continue;
      cols.erase(cols.begin() + static_cast<std::ptrdiff_t>(i));
      widths.erase(widths.begin() + static_cast<std::ptrdiff_t>(i));
      for (auto& row : rows) row.erase(row.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  const bool bars = options.color && (options.width == 0 || total_width() + 2 + 24 <= options.width);

  double max_speedup = 0;
  for (const auto& cell : report.analysis.cells)
    if (cell.speedup) max_speedup = std::max(max_speedup, cell.speedup->value);

  const char* bold = options.color ? "\033[1m" : "";
  const char* reset = options.color ? "\033[0m" : "";
  std::string out;
  for (std::size_t i = 0; i < cols.size(); ++i)
    out += (i ? "  " : "") + std::string(bold) + pad(std::string(cols[i]->title), widths[i], cols[i]->right_align) + reset;
  out += '\n';
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const CellResult& cell = *cells[r];
    if (r > 0 && cell.workload != cells[r - 1]->workload) out += '\n';
    std::string line;
    for (std::size_t i = 0; i < cols.size(); ++i) {
      std::string text = pad(rows[r][i], widths[i], cols[i]->right_align);
      if (options.color && i + 1 == cols.size()) text = status_colour(cell) + text + reset;
      line += (i ? "  " : "") + text;
    }
    if (bars) line += "  \033[36m" + speedup_bar(report::analysis_of(report, cell), max_speedup) + reset;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  if (!notes.empty()) out += '\n';
  for (std::size_t i = 0; i < notes.size(); ++i) {
    const std::string number = fmt::format("[{}] ", i + 1);
    out += report::wrap_hanging(notes[i], options.width, number, number.size());
  }
  if (auto note = report::figures_note(report, options.width); !note.empty()) out += "\n" + note;
  if (auto note = report::spawn_cost_note(report, options.width); !note.empty()) out += "\n" + note;
  if (auto applies = report::applicability_notes(report); !applies.empty()) {
    out += "\nNot shown, where a model does not apply:\n";
    for (const auto& note : applies)  // continued under "applies", right of the model names
      out += report::wrap_hanging(note, options.width, "  ", note.find("applies") + 2);
  }
  out += report::render_scaling_section(report, options);
  out += report::render_warnings(report, /*markdown=*/false, options.color, options.width);
  return out;
}

}  // namespace concur
