// Markdown: a GitHub table of the table's columns, ready to paste into a
// pull-request comment; reasons for failed or skipped cells as notes below.
#include <fmt/format.h>

#include <map>

#include "concur/report.hpp"
#include "report/analysis_text.hpp"
#include "report/applicability.hpp"
#include "report/columns.hpp"
#include "report/figures_note.hpp"
#include "report/markdown_context.hpp"
#include "report/scaling.hpp"
#include "report/summary_grid.hpp"
#include "report/warnings_note.hpp"
#include "report/text_layout.hpp"

namespace concur {

std::string render_markdown(const RunReport& report, const RenderOptions&) {
  std::vector<const report::Column*> cols;
  for (const auto& c : report::columns())
    if (c.in_table) cols.push_back(&c);

  std::string out = report::render_markdown_context(report) + "|";
  for (const auto* col : cols) out += fmt::format(" {} |", col->title);
  out += "\n|";
  for (const auto* col : cols) out += col->right_align ? " ---: |" : " :--- |";
  out += '\n';

  std::map<std::string, int> note_number;
  std::vector<std::string> notes;
  for (const CellResult* shown : report::applicable_cells(report)) {
    const CellResult& cell = *shown;
    out += '|';
    for (std::size_t i = 0; i < cols.size(); ++i) {
      std::string text = report::markdown_cell(cols[i]->human(cell, report::analysis_of(report, cell)));
      if (i + 1 == cols.size() && !cell.reason.empty()) {
        auto [it, inserted] =
            note_number.try_emplace(cell.reason, static_cast<int>(notes.size()) + 1);
        if (inserted) notes.push_back(cell.reason);
        text += fmt::format(" [{}]", it->second);
      }
      out += fmt::format(" {} |", text);
    }
    out += '\n';
  }
  if (!notes.empty()) out += '\n';
  for (std::size_t i = 0; i < notes.size(); ++i)
    out += fmt::format("{}. {}\n", i + 1, report::markdown_cell(notes[i]));
  if (auto note = report::figures_note(report); !note.empty()) out += "\n" + note;  // plain lines, no pipes
  if (auto applies = report::applicability_notes(report); !applies.empty()) {
    out += "\nNot shown, where a model does not apply:\n\n";
    for (const auto& note : applies) out += "- " + report::markdown_cell(note) + "\n";
  }
  if (auto scaling = report::render_scaling_section(report, RenderOptions{}); !scaling.empty())
    out += "\n## Scaling\n\n```text" + scaling + "```\n";
  // The answer at a glance, as the terminal ends with it.
  if (auto grid = report::render_summary_grid(report, RenderOptions{}); !grid.empty())
    out += "\n## Summary\n\n```text" + grid + "```\n";
  if (auto verdicts = report::render_verdicts(report, /*markdown=*/true); !verdicts.empty()) out += verdicts;
  out += report::render_warnings(report, /*markdown=*/true);
  return out;
}

}  // namespace concur
