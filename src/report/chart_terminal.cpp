// Speedup against workers as a character chart: one glyph per model, each
// speedup's 95% interval as a bar of '│' through its point, the usable CPUs
// as a column of '┊', the ideal line (speedup = workers up to the CPUs, flat
// beyond) dotted. The x axis turns logarithmic for doubling sweeps so 1, 2,
// 4 are not squeezed against the y axis. Narrow terminals get a narrower plot.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/scaling.hpp"
#include "report/text_layout.hpp"

namespace concur::report {
namespace {

constexpr int kMostWidth = 56, kLeastWidth = 20;  // plot columns
constexpr int kAxis = 10;                          // "   12.0x ┤" left of the plot
constexpr int kHeight = 14;
constexpr const char* kGlyphs[] = {"*", "+", "o", "x", "#", "@", "%", "&"};
constexpr const char* kColours[] = {"\033[36m", "\033[33m", "\033[35m",   "\033[32m",
                                    "\033[34m", "\033[31m", "\033[36;1m", "\033[33;1m"};

struct Axes {
  int width = kMostWidth;
  double max_workers = 1, max_speedup = 1;
  bool log_x = false;
  double x_of(double workers) const {  // 0 .. 1
    if (max_workers <= 1) return 0;
    return log_x ? std::log2(workers) / std::log2(max_workers) : (workers - 1) / (max_workers - 1);
  }
  double workers_at(double x) const {
    return log_x ? std::exp2(x * std::log2(max_workers)) : 1 + x * (max_workers - 1);
  }
  int column(double workers) const {
    return static_cast<int>(std::lround(x_of(workers) * (width - 1)));
  }
  int row(double speedup) const {  // 0 is the top row
    return kHeight - 1 - static_cast<int>(std::lround(speedup / max_speedup * (kHeight - 1)));
  }
};

Axes choose_axes(const std::vector<const ModelScaling*>& models, unsigned cores, std::size_t width) {
  Axes a;
  if (width > 0)
    a.width = std::clamp(static_cast<int>(std::min<std::size_t>(width, 1000)) - kAxis - 1, kLeastWidth, kMostWidth);
  double best = 0;
  for (const auto* s : models)
    for (const auto& p : s->points) {
      a.max_workers = std::max(a.max_workers, static_cast<double>(p.workers));
      best = std::max({best, p.speedup, p.speedup_ci ? p.speedup_ci->high : 0.0});
    }
  std::vector<unsigned> counts;
  for (const auto* s : models)
    for (const auto& p : s->points) counts.push_back(p.workers);
  a.log_x = log_workers_axis(counts);
  // Room for the ideal line, but not so much that measured lines flatten.
  a.max_speedup = std::max({best * 1.1, std::min(ideal_speedup(a.max_workers, cores), best * 2), 1.0});
  return a;
}

}  // namespace

std::string render_speedup_chart(const std::vector<const ModelScaling*>& models, bool color, unsigned cores,
                                 std::size_t width) {
  if (models.empty()) return "";
  const Axes axes = choose_axes(models, cores, width);
  const int plot = axes.width;
  std::vector<std::vector<std::string>> grid(kHeight, std::vector<std::string>(plot, " "));
  auto put = [&](int column, int row, std::string glyph) {
    if (row >= 0 && row < kHeight && column >= 0 && column < plot)
      grid[row][column] = std::move(glyph);
  };
  auto dim = [&](const char* glyph) { return color ? std::string("\033[2m") + glyph + "\033[0m" : std::string(glyph); };
  const bool cores_marked = cores >= 1 && cores <= axes.max_workers && axes.max_workers > 1;
  if (cores_marked)  // drawn first: everything else goes over it
    for (int row = 0; row < kHeight; ++row) put(axes.column(cores), row, dim("┊"));
  for (int column = 0; column < plot; ++column) {
    const double workers = axes.workers_at(static_cast<double>(column) / (plot - 1));
    put(column, axes.row(ideal_speedup(workers, cores)), dim("·"));
  }
  for (const auto* s : models)  // error bars under the lines and points
    for (const auto& p : s->points) {
      if (!p.speedup_ci) continue;
      const int column = axes.column(p.workers);
      for (int row = axes.row(p.speedup_ci->high); row <= axes.row(p.speedup_ci->low); ++row)
        put(column, row, "│");
    }
  for (std::size_t m = 0; m < models.size(); ++m) {
    const std::size_t style = m % std::size(kGlyphs);
    const std::string glyph =
        color ? std::string(kColours[style]) + kGlyphs[style] + "\033[0m" : kGlyphs[style];
    const auto& points = models[m]->points;
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {  // segments, sampled per column
      const int c0 = axes.column(points[i].workers), c1 = axes.column(points[i + 1].workers);
      for (int c = c0; c <= c1; ++c) {
        const double t = c1 == c0 ? 0 : static_cast<double>(c - c0) / (c1 - c0);
        put(c, axes.row(points[i].speedup + t * (points[i + 1].speedup - points[i].speedup)),
            glyph);
      }
    }
    for (const auto& p : points) put(axes.column(p.workers), axes.row(p.speedup), glyph);
  }

  std::string out = "  speedup\n";
  for (int row = 0; row < kHeight; ++row) {
    const bool labelled = row == 0 || row == kHeight - 1 || row == kHeight / 2;
    const double value = axes.max_speedup * (kHeight - 1 - row) / (kHeight - 1);
    out += labelled ? fmt::format("{:>7.1f}x ┤", value) : std::string(9, ' ') + "│";
    for (const auto& cell : grid[row]) out += cell;
    while (out.back() == ' ') out.pop_back();
    out += '\n';
  }
  out += std::string(9, ' ') + "└";
  for (int c = 0; c < plot; ++c) out += "─";
  out += '\n';
  // Tick labels at each distinct worker count that has room.
  std::string labels(kAxis + plot + 8, ' ');
  int free_from = 0;
  std::vector<unsigned> counts;
  for (const auto* s : models)
    for (const auto& p : s->points) counts.push_back(p.workers);
  std::sort(counts.begin(), counts.end());
  counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
  for (unsigned w : counts) {
    const std::string text = std::to_string(w);
    const int at = kAxis + axes.column(w) - static_cast<int>(text.size()) / 2;
    if (at < free_from) continue;
    labels.replace(static_cast<std::size_t>(at), text.size(), text);
    free_from = at + static_cast<int>(text.size()) + 1;
  }
  while (!labels.empty() && labels.back() == ' ') labels.pop_back();
  out += labels + fmt::format("\n{}workers{}\n", std::string(kAxis + plot / 2 - 3, ' '),
                              axes.log_x ? " (log scale)" : "");
  // The legend, entry by entry: an entry that would pass the width starts a
  // new line, so no entry is split from its glyph.
  std::vector<std::pair<std::string, std::string>> entries;  // (plain for width, as shown)
  for (std::size_t m = 0; m < models.size(); ++m) {
    const std::size_t style = m % std::size(kGlyphs);
    const std::string plain = fmt::format("{} {}", kGlyphs[style], models[m]->model);
    entries.emplace_back(plain, color ? fmt::format("{}{}\033[0m {}", kColours[style], kGlyphs[style],
                                                    models[m]->model)
                                      : plain);
  }
  const std::string ideal = cores ? fmt::format("· ideal (speedup = workers, flat past {} CPU{})", cores,
                                                cores == 1 ? "" : "s")
                                  : std::string("· ideal (speedup = workers)");
  entries.emplace_back(ideal, ideal);
  if (cores_marked) {
    const std::string marked = fmt::format("┊ {} usable CPU{}", cores, cores == 1 ? "" : "s");
    entries.emplace_back(marked, marked);
  }
  if (std::any_of(models.begin(), models.end(), [](const ModelScaling* s) {
        return std::any_of(s->points.begin(), s->points.end(),
                           [](const ScalingPoint& p) { return p.speedup_ci.has_value(); });
      }))
    entries.emplace_back("│ 95% interval", "│ 95% interval");
  std::string wrapped = "  ";
  std::size_t used = 2;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::size_t need = display_width(entries[i].first);
    if (i > 0 && width > 0 && used + 3 + need > width) {
      wrapped += "\n  ";
      used = 2;
    } else if (i > 0) {
      wrapped += "   ";
      used += 3;
    }
    wrapped += entries[i].second;
    used += need;
  }
  wrapped += '\n';
  return out + wrapped;
}

}  // namespace concur::report
