// The speedup chart as a standalone SVG (`--plot FILE.svg`): one panel per
// workload, axes with ticks and labels, one line per model with the 95%
// interval of each speedup as an error bar, the machine's usable CPUs as a
// marked vertical line, the ideal line (linear up to those CPUs, flat
// beyond: more workers than cores cannot add speed) and a legend. Series
// carry data-model / data-workload so tools (and our tests) can find them.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/scaling.hpp"

namespace concur::report {
namespace {

constexpr double kWidth = 720, kPanelHeight = 420;
constexpr double kLeft = 70, kRight = 170, kTop = 50, kBottom = 60;
constexpr const char* kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                    "#9467bd", "#8c564b", "#e377c2", "#17becf"};

std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A tick step of 1, 2 or 5 times a power of ten giving about five ticks.
double nice_step(double range) {
  const double raw = range / 5;
  const double power = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * power >= raw) return m * power;
  return 10 * power;
}

struct Panel {
  double top;  // of the plot area
  double max_workers = 1, max_speedup = 1;
  bool log_x = false;
  double plot_width() const { return kWidth - kLeft - kRight; }
  double plot_height() const { return kPanelHeight - kTop - kBottom; }
  double x(double workers) const {
    const double t = max_workers <= 1 ? 0.5
                     : log_x          ? std::log2(workers) / std::log2(max_workers)
                                      : (workers - 1) / (max_workers - 1);
    return kLeft + t * plot_width();
  }
  double y(double speedup) const { return top + plot_height() * (1 - speedup / max_speedup); }
};

std::string draw_panel(const std::string& workload, const std::vector<const ModelScaling*>& models,
                       double offset, unsigned cores) {
  Panel p{offset + kTop};
  std::vector<unsigned> counts;
  double best = 0;
  for (const auto* s : models)
    for (const auto& point : s->points) {
      counts.push_back(point.workers);
      p.max_workers = std::max(p.max_workers, static_cast<double>(point.workers));
      best = std::max({best, point.speedup, point.speedup_ci ? point.speedup_ci->high : 0.0});
    }
  p.log_x = log_workers_axis(counts);
  // Room for the ideal line (flat past the cores), not so much that measured lines flatten.
  const double room = std::max({best * 1.1, std::min(ideal_speedup(p.max_workers, cores), best * 2), 1.0});
  const double step = nice_step(room);
  p.max_speedup = step * std::ceil(room / step);

  std::string out = fmt::format("<g class=\"panel\" data-workload=\"{}\">\n", escaped(workload));
  out += fmt::format(
      "<text class=\"title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}: speedup vs workers "
      "({})</text>\n",
      kLeft + p.plot_width() / 2, offset + kTop - 20, escaped(workload),
      escaped(models.front()->baseline == "sequential" ? "against sequential"
                                                       : models.front()->baseline));
  // Axes, y ticks with grid lines, x ticks at the measured counts.
  const double bottom = p.y(0), right = kLeft + p.plot_width();
  out += fmt::format(
      "<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"black\"/>\n",
      kLeft, p.top, bottom);
  out += fmt::format(
      "<line class=\"axis\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"black\"/>\n",
      kLeft, right, bottom);
  for (double v = 0; v <= p.max_speedup + step / 2; v += step) {
    out += fmt::format("<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"#ddd\"/>\n",
                       kLeft, right, p.y(v));
    out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{:g}x</text>\n",
                       kLeft - 6, p.y(v) + 4, v);
  }
  std::sort(counts.begin(), counts.end());
  counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
  double last_label = -1e9;
  for (unsigned w : counts) {
    const double x = p.x(w);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"black\"/>\n", x,
                       bottom, bottom + 5);
    if (x - last_label < 22) continue;  // no overlapping labels
    out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                       x, bottom + 18, w);
    last_label = x;
  }
  out += fmt::format(
      "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">workers{}</text>\n",
      kLeft + p.plot_width() / 2, bottom + 40, p.log_x ? " (log scale)" : "");
  out += fmt::format(
      "<text class=\"label\" transform=\"translate({},{}) rotate(-90)\" "
      "text-anchor=\"middle\">speedup</text>\n",
      kLeft - 45, p.top + p.plot_height() / 2);

  // The ideal line, sampled so it stays right on a log axis, with its corner
  // at the cores exactly; clipped at the top.
  std::vector<double> samples;
  for (int i = 0; i <= 100; ++i) {
    const double t = i / 100.0;
    samples.push_back(p.log_x ? std::exp2(t * std::log2(p.max_workers)) : 1 + t * (p.max_workers - 1));
  }
  if (cores > 1 && cores < p.max_workers) samples.push_back(cores);
  std::sort(samples.begin(), samples.end());
  std::string ideal;
  for (double w : samples) {
    const double speedup = ideal_speedup(w, cores);
    if (speedup > p.max_speedup) break;
    ideal += fmt::format("{:.1f},{:.1f} ", p.x(w), p.y(speedup));
  }
  out += fmt::format(
      "<polyline class=\"ideal\" points=\"{}\" fill=\"none\" stroke=\"#888\" stroke-dasharray=\"6 "
      "4\"/>\n",
      ideal);
  // The cores, where the ideal line turns flat: marked when inside the axis.
  if (cores >= 1 && cores <= p.max_workers) {
    const double x = p.x(cores);
    out += fmt::format(
        "<g class=\"cores\" data-cores=\"{0}\">\n<line x1=\"{1:.1f}\" y1=\"{2}\" x2=\"{1:.1f}\" y2=\"{3}\" "
        "stroke=\"#b00\" stroke-dasharray=\"2 3\"/>\n<text class=\"label\" x=\"{4:.1f}\" y=\"{5}\" "
        "fill=\"#b00\">{0} CPU{6}</text>\n</g>\n",
        cores, x, p.top, bottom, x + 4, p.top + 12, cores == 1 ? "" : "s");
  }

  for (std::size_t m = 0; m < models.size(); ++m) {
    const char* colour = kColours[m % std::size(kColours)];
    const auto& s = *models[m];
    out += fmt::format("<g class=\"series\" data-workload=\"{}\" data-model=\"{}\">\n",
                       escaped(s.workload), escaped(s.model));
    std::string points;
    for (const auto& point : s.points)
      points += fmt::format("{:.1f},{:.1f} ", p.x(point.workers), p.y(point.speedup));
    out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n",
                       points, colour);
    // Each speedup's 95% interval: a vertical bar with caps.
    for (const auto& point : s.points) {
      if (!point.speedup_ci) continue;
      const double x = p.x(point.workers);
      const double low = p.y(point.speedup_ci->low), high = p.y(point.speedup_ci->high);
      out += fmt::format(
          "<g class=\"error-bar\" data-workers=\"{0}\" data-low=\"{1:g}\" data-high=\"{2:g}\" stroke=\"{3}\">"
          "<line x1=\"{4:.1f}\" y1=\"{5:.1f}\" x2=\"{4:.1f}\" y2=\"{6:.1f}\"/>"
          "<line x1=\"{7:.1f}\" y1=\"{5:.1f}\" x2=\"{8:.1f}\" y2=\"{5:.1f}\"/>"
          "<line x1=\"{7:.1f}\" y1=\"{6:.1f}\" x2=\"{8:.1f}\" y2=\"{6:.1f}\"/></g>\n",
          point.workers, point.speedup_ci->low, point.speedup_ci->high, colour, x, low, high, x - 4, x + 4);
    }
    for (const auto& point : s.points)
      out += fmt::format(
          "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"{}\"><title>{} at {} workers: "
          "{:.2f}x</title></circle>\n",
          p.x(point.workers), p.y(point.speedup), colour, escaped(s.model), point.workers,
          point.speedup);
    out += "</g>\n";
  }
  // Legend, right of the plot.
  double ly = p.top + 10;
  for (std::size_t m = 0; m <= models.size(); ++m, ly += 22) {
    const bool ideal_entry = m == models.size();
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{3}\" "
        "stroke-width=\"2\"{4}/>\n",
        right + 15, right + 40, ly, ideal_entry ? "#888" : kColours[m % std::size(kColours)],
        ideal_entry ? " stroke-dasharray=\"6 4\"" : "");
    out += fmt::format("<text class=\"legend\" x=\"{}\" y=\"{}\">{}</text>\n", right + 46, ly + 4,
                       ideal_entry ? (cores ? fmt::format("ideal (flat past {})", cores) : std::string("ideal"))
                                   : escaped(models[m]->model));
  }
  return out + "</g>\n";
}

}  // namespace

std::string render_speedup_svg(const std::vector<ModelScaling>& scaling, unsigned cores) {
  std::vector<std::string> workloads;
  for (const auto& s : scaling)
    if (std::find(workloads.begin(), workloads.end(), s.workload) == workloads.end())
      workloads.push_back(s.workload);
  const double height =
      kPanelHeight * static_cast<double>(std::max<std::size_t>(1, workloads.size()));
  std::string out = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" "
      "fill=\"white\"/>\n",
      kWidth, height);
  if (workloads.empty())
    out += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">No verified parallel cell to plot: run a "
        "model such as threads with --workers 1,2,4.</text>\n",
        kWidth / 2, kPanelHeight / 2);
  for (std::size_t i = 0; i < workloads.size(); ++i) {
    std::vector<const ModelScaling*> models;
    for (const auto& s : scaling)
      if (s.workload == workloads[i]) models.push_back(&s);
    out += draw_panel(workloads[i], models, kPanelHeight * static_cast<double>(i), cores);
  }
  return out + "</svg>\n";
}

}  // namespace concur::report
