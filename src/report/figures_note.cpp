#include "report/figures_note.hpp"

#include <fmt/format.h>

#include "report/columns.hpp"
#include "report/text_layout.hpp"

namespace concur::report {

std::string figures_note(const RunReport& report, std::size_t width) {
  std::string out;
  for (const CellResult& cell : report.cells) {
    if (cell.status != CellStatus::ok || cell.figures.empty()) continue;
    if (out.empty()) out = "Workload figures, medians of the repetitions:\n";
    std::string line = fmt::format("{} {} {}:", cell.workload, cell.model, cell.workers_label);
    for (const Figure& f : cell.figures)
      line += fmt::format(" {} {}", f.name,
                          f.unit == "s" ? format_duration(f.value) : fmt::format("{:.4g} {}", f.value, f.unit));
    out += wrap_hanging(line, width, "  ", 4);
  }
  return out;
}

}  // namespace concur::report
