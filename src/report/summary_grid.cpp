#include "report/summary_grid.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace concur::report {
namespace {

constexpr std::size_t kDefaultWidth = 100;

struct GridCell {
  const CellResult* best = nullptr;  // the timed cell with the highest speedup
  std::string status;                // when none was timed: "-", "skipped", "FAILED", ...
};

// Of a workload x model's cells (one per worker count), the one to show.
GridCell pick(const RunReport& report, const std::string& workload, const std::string& model) {
  GridCell grid{nullptr, "-"};
  for (const CellResult& c : report.cells) {
    if (c.workload != workload || c.model != model) continue;
    if (c.timed() && c.speedup && (!grid.best || c.speedup->value > grid.best->speedup->value)) grid.best = &c;
    if (c.status == CellStatus::failed) grid.status = "FAILED";
    else if (c.status == CellStatus::skipped && grid.status == "-") grid.status = "skipped";
    else if (c.status == CellStatus::interrupted && grid.status == "-") grid.status = "stopped";
  }
  return grid;
}

std::string speedup_text(const CellResult& c, bool with_interval) {
  std::string text = fmt::format("{:.2f}x", c.speedup->value);
  if (!with_interval || c.is_baseline || c.time.count < 2) return text;
  const double percent = c.speedup->ci.relative_half_width(c.speedup->value) * 100;
  return text + fmt::format("±{:.0f}%", std::max(1.0, std::round(percent)));
}

template <typename T>
void add_unique(std::vector<T>& list, const T& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

std::string render(const RunReport& report, const RenderOptions& options, bool with_interval) {
  std::vector<std::string> workloads, models;
  for (const CellResult& c : report.cells) add_unique(workloads, c.workload), add_unique(models, c.model);

  // Texts first, to size the columns.
  std::vector<std::vector<std::string>> texts(workloads.size());
  std::vector<std::vector<bool>> best(workloads.size());
  for (std::size_t w = 0; w < workloads.size(); ++w) {
    std::vector<GridCell> row;
    double top = 0;
    for (const std::string& m : models) {
      row.push_back(pick(report, workloads[w], m));
      if (row.back().best) top = std::max(top, row.back().best->speedup->value);
    }
    for (const GridCell& g : row) {
      const bool is_best = g.best && top > 0 && g.best->speedup->value == top;
      texts[w].push_back(g.best ? speedup_text(*g.best, with_interval) + (is_best ? "*" : " ") : g.status + " ");
      best[w].push_back(is_best);
    }
  }
  std::size_t first = std::string_view("workload").size();
  for (const auto& w : workloads) first = std::max(first, w.size());
  std::vector<std::size_t> widths;
  for (std::size_t m = 0; m < models.size(); ++m) {
    std::size_t width = models[m].size() + 1;  // room for the '*' column
    for (const auto& row : texts) width = std::max(width, row[m].size() - (row[m].find("±") != std::string::npos));
    widths.push_back(width);
  }

  const char* bold = options.color ? "\033[1m" : "";
  const char* green = options.color ? "\033[1;32m" : "";
  const char* reset = options.color ? "\033[0m" : "";
  std::string out = fmt::format("{}{:<{}}{}", bold, "workload", first, reset);
  for (std::size_t m = 0; m < models.size(); ++m)
    out += fmt::format("  {}{:>{}}{}", bold, m + 1 < models.size() ? models[m] + " " : models[m], widths[m] - (m + 1 == models.size()), reset);
  out += '\n';
  for (std::size_t w = 0; w < workloads.size(); ++w) {
    out += fmt::format("{:<{}}", workloads[w], first);
    for (std::size_t m = 0; m < models.size(); ++m) {
      const std::string& text = texts[w][m];
      const std::size_t shown = text.size() - (text.find("±") != std::string::npos);  // "±" is 2 bytes
      const std::string cell = std::string(widths[m] - std::min(widths[m], shown), ' ') + text;
      out += "  " + (best[w][m] ? green + cell + reset : cell);
    }
    while (out.ends_with(' ')) out.pop_back();
    out += '\n';
  }
  return out;
}

std::size_t widest_line(const std::string& text) {
  std::size_t widest = 0, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::size_t chars = 0;  // code points, so "±" counts once
    for (std::size_t i = start; i < end; ++i) chars += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    widest = std::max(widest, chars);
    start = end + 1;
  }
  return widest;
}

}  // namespace

std::string render_summary_grid(const RunReport& report, const RenderOptions& options) {
  if (report.cells.empty()) return "";
  const std::size_t width = options.width ? options.width : kDefaultWidth;
  RenderOptions plain = options;
  plain.color = false;  // measure without escape codes
  bool with_interval = widest_line(render(report, plain, true)) <= width;
  std::string grid = render(report, options, with_interval);
  const bool any_interval = grid.find("±") != std::string::npos;
  return fmt::format("\nSpeedup over sequential{} (* best of the row, - does not apply):\n{}",
                     any_interval ? ", ±: its 95% interval" : with_interval ? "" : " (intervals in the table above)",
                     grid);
}

}  // namespace concur::report
