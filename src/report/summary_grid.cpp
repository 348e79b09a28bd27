#include "report/summary_grid.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/columns.hpp"
#include "report/text_layout.hpp"

namespace concur::report {
namespace {

constexpr std::size_t kDefaultWidth = 100;
constexpr std::size_t kGap = 2;

struct GridCell {
  std::optional<std::size_t> shown;  // the model's fastest timed cell (the ranking's), with a speedup
  bool winner = false;               // in the workload's winner set
  std::string status = "-";          // when none was timed: "-", "skipped", "FAILED", ...
};

// Of a workload x model's cells, the one the workload's ranking holds.
GridCell pick(const RunReport& report, const std::string& workload, const std::string& model) {
  GridCell grid;
  const Ranking* ranking = analysed(report) ? report.analysis.ranking_of(workload) : nullptr;
  if (ranking) {
    for (const auto* tier : {&ranking->winners, &ranking->others})
      for (std::size_t i : *tier)
        if (report.cells[i].model == model && report.analysis.cells[i].speedup) {
          grid.shown = i;
          grid.winner = tier == &ranking->winners;
        }
  }
  for (const CellResult& c : report.cells) {
    if (c.workload != workload || c.model != model) continue;
    if (c.status == CellStatus::failed) grid.status = "FAILED";
    else if (c.status == CellStatus::skipped && grid.status == "-") grid.status = "skipped";
    else if (c.status == CellStatus::interrupted && grid.status == "-") grid.status = "stopped";
  }
  return grid;
}

std::string speedup_text(const CellResult& c, const Estimate& speedup, bool with_interval) {
  std::string text = fmt::format("{:.2f}x", speedup.value);
  if (!with_interval || c.is_baseline || !speedup.has_interval) return text;
  const double percent = speedup.ci.relative_half_width(speedup.value) * 100;
  return text + fmt::format("±{:.0f}%", std::max(1.0, std::round(percent)));
}

template <typename T>
void add_unique(std::vector<T>& list, const T& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

// A model's column: one text per workload ending in '*' (in the winner set) or ' '.
struct ModelColumn {
  std::string model;
  std::vector<std::string> texts;
  std::vector<bool> best;
  std::size_t width = 0;
};

std::vector<ModelColumn> columns_of(const RunReport& report, const std::vector<std::string>& workloads,
                                    const std::vector<std::string>& models, bool with_interval) {
  std::vector<ModelColumn> columns;
  for (const std::string& m : models) columns.push_back({m, {}, {}, m.size() + 1});  // +1: the '*'
  for (const std::string& workload : workloads) {
    for (std::size_t m = 0; m < models.size(); ++m) {
      const GridCell g = pick(report, workload, models[m]);
      std::string text = g.status + " ";
      if (g.shown)
        text = speedup_text(report.cells[*g.shown], *report.analysis.cells[*g.shown].speedup, with_interval) +
               (g.winner ? "*" : " ");
      columns[m].texts.push_back(std::move(text));
      columns[m].best.push_back(g.winner);
      columns[m].width = std::max(columns[m].width, display_width(columns[m].texts.back()));
    }
  }
  return columns;
}

std::string render_block(const std::vector<std::string>& workloads, const std::vector<ModelColumn>& columns,
                         const std::vector<std::size_t>& block, std::size_t first, const RenderOptions& options) {
  const char* bold = options.color ? "\033[1m" : "";
  const char* green = options.color ? "\033[1;32m" : "";
  const char* reset = options.color ? "\033[0m" : "";
  const auto trimmed = [](std::string line) {
    while (line.ends_with(' ')) line.pop_back();
    return line + '\n';
  };
  std::string header = fmt::format("{}{:<{}}{}", bold, "workload", first, reset);
  for (std::size_t m : block) {  // the name over the number, left of the '*' column
    const ModelColumn& c = columns[m];
    header += std::string(kGap + c.width - c.model.size() - 1, ' ') + bold + c.model + reset + " ";
  }
  std::string out = trimmed(header);
  for (std::size_t w = 0; w < workloads.size(); ++w) {
    std::string line = fmt::format("{:<{}}", workloads[w], first);
    for (std::size_t m : block) {
      const ModelColumn& c = columns[m];
      line += std::string(kGap + c.width - display_width(c.texts[w]), ' ') +
              (c.best[w] ? green + c.texts[w] + reset : c.texts[w]);
    }
    out += trimmed(line);
  }
  return out;
}

// Models of which no cell ran (every one skipped or not applicable, as cuda
// without a GPU): a column of "skipped" says nothing and costs width, so one
// line each under the grid says why instead.
bool ran(const RunReport& report, const std::string& model) {
  return std::any_of(report.cells.begin(), report.cells.end(), [&](const CellResult& c) {
    return c.model == model && c.status != CellStatus::skipped && c.status != CellStatus::not_applicable;
  });
}

std::string left_out_line(const RunReport& report, const std::string& model) {
  std::vector<std::string> reasons;
  for (const CellResult& c : report.cells)
    if (c.model == model && c.status == CellStatus::skipped) add_unique(reasons, c.reason.empty() ? std::string("no reason given") : c.reason);
  if (reasons.empty()) return model + ": does not apply to the workloads run";
  std::string joined;
  for (const std::string& r : reasons) joined += (joined.empty() ? "" : "; ") + r;
  return fmt::format("{}: skipped ({})", model, joined);
}

}  // namespace

std::string render_summary_grid(const RunReport& report, const RenderOptions& options) {
  if (report.cells.empty()) return "";
  const std::size_t width = options.width ? options.width : kDefaultWidth;
  std::vector<std::string> workloads, models, left_out;
  for (const CellResult& c : report.cells) {
    add_unique(workloads, c.workload);
    add_unique(ran(report, c.model) ? models : left_out, c.model);
  }
  std::size_t first = std::string_view("workload").size();
  for (const auto& w : workloads) first = std::max(first, w.size());

  // Intervals unless leaving them out is what lets the grid fit in one block.
  const auto layout = [&](bool with_interval) {
    auto columns = columns_of(report, workloads, models, with_interval);
    std::vector<std::size_t> widths;
    for (const auto& c : columns) widths.push_back(c.width);
    return std::pair{columns, column_blocks(first, widths, kGap, width)};
  };
  auto chosen = layout(true);
  bool with_interval = true;
  if (chosen.second.size() > 1) {
    auto plain = layout(false);
    if (plain.second.size() == 1) chosen = std::move(plain), with_interval = false;
  }
  const auto& [columns, blocks] = chosen;
  bool any_interval = false;
  for (const auto& c : columns)
    for (const auto& text : c.texts) any_interval |= text.find("±") != std::string::npos;

  const std::string intervals = any_interval ? ", ±: 95% interval" : with_interval ? "" : ", intervals in the table above";
  std::string out = "\n" + wrap(fmt::format("Speedup over sequential (* fastest or not told apart from it; - does not apply{}):", intervals), width);
  for (std::size_t b = 0; b < blocks.size(); ++b)
    out += (b ? "\n" : "") + render_block(workloads, columns, blocks[b], first, options);
  if (!left_out.empty() && !blocks.empty()) out += '\n';
  for (const std::string& model : left_out) {  // continued lines indented under the name
    const std::string lines = wrap(left_out_line(report, model), width > 2 ? width - 2 : width);
    for (std::size_t start = 0; start < lines.size();) {
      const std::size_t end = lines.find('\n', start) + 1;
      out += (start ? "  " : "") + lines.substr(start, end - start);
      start = end;
    }
  }
  return out;
}

}  // namespace concur::report
