// Scaling analysis, the terminal chart and the SVG plot.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "concur/report.hpp"
#include "report/scaling.hpp"
#include "report/text_layout.hpp"
#include "report_fixture.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace concur {
namespace {

std::vector<report::ScalingPoint> amdahl_points(double f, std::vector<unsigned> counts) {
  std::vector<report::ScalingPoint> points;
  for (unsigned p : counts) {
    const double s = 1 / (f + (1 - f) / p);
    points.push_back({p, s, s / p, std::nullopt, std::nullopt});
  }
  return points;
}

// Log scale only for a sweep of 3 or more counts spanning 8x or more, and
// never with a count of 0 (log of 0): each condition on both sides.
TEST(ReportScaling, LogAxisForWideSweepsOfThreeCountsOrMore) {
  EXPECT_TRUE(report::log_workers_axis({1, 2, 4, 8}));
  EXPECT_TRUE(report::log_workers_axis({8, 1, 2, 4, 2}));  // order and repeats do not matter
  EXPECT_FALSE(report::log_workers_axis({1, 16}));          // two counts: linear, however wide
  EXPECT_FALSE(report::log_workers_axis({1, 2, 4}));        // 4x: linear
  EXPECT_FALSE(report::log_workers_axis({0, 1, 2, 4, 8, 16}));
  EXPECT_FALSE(report::log_workers_axis({1, 2, 3, 4, 5, 6, 7, 8}));  // evenly spaced: linear
}

// Karp-Flatt "rises" only beyond kKarpFlattRise from the first point with a
// value to the last; at exactly that much it is flat (0.25 + 0.05 is 0.3 in
// binary too), and a single point says nothing.
TEST(ReportScaling, KarpFlattRisesOnlyBeyondItsMargin) {
  const auto trend = [](std::vector<std::optional<double>> values) {
    std::vector<report::ScalingPoint> points;
    unsigned workers = 1;
    for (const auto& v : values) points.push_back({workers++, 1, 1, v, std::nullopt});
    return karp_flatt_trend(points);
  };
  ASSERT_EQ(0.25 + kKarpFlattRise, 0.3);
  EXPECT_EQ(trend({std::nullopt, 0.25, 0.3}), KarpFlattTrend::flat);
  EXPECT_EQ(trend({std::nullopt, 0.25, 0.27, 0.31}), KarpFlattTrend::rises);
  EXPECT_EQ(trend({std::nullopt, 0.25, 0.5, 0.2}), KarpFlattTrend::flat);  // first to last, not the peak
  EXPECT_EQ(trend({std::nullopt, 0.25}), KarpFlattTrend::unknown);
  EXPECT_EQ(trend({}), KarpFlattTrend::unknown);
  // Through the report: Amdahl's curve has a constant Karp-Flatt, so "flat".
  RunReport r = testing::fake_report();
  ASSERT_FALSE(r.analysis.scaling.empty());
  EXPECT_EQ(r.analysis.scaling.front().karp_flatt_trend, KarpFlattTrend::flat);
  EXPECT_NE(render("table", r).find("Karp-Flatt flat"), std::string::npos) << render("table", r);
  EXPECT_NE(render("json", r).find("\"karp_flatt_trend\": \"flat\""), std::string::npos);
}

TEST(ReportScaling, FitRecoversAmdahlSerialFraction) {
  for (double f : {0.0, 0.05, 0.25, 0.6})
    EXPECT_NEAR(*fit_serial_fraction(amdahl_points(f, {1, 2, 4, 8, 16})), f, 1e-9) << f;
  EXPECT_FALSE(fit_serial_fraction(amdahl_points(0.1, {1})));  // p = 1 says nothing
}

TEST(ReportScaling, KarpFlattEqualsSerialFractionUnderAmdahl) {
  const auto scaling = testing::fake_report().analysis.scaling;
  ASSERT_EQ(scaling.size(), 1u);  // sequential is the baseline, the failed cell is out
  const auto& s = scaling[0];
  EXPECT_EQ(s.model, "threads");
  EXPECT_EQ(s.baseline, "sequential");
  ASSERT_EQ(s.points.size(), 3u);
  EXPECT_FALSE(s.points[0].karp_flatt);
  EXPECT_NEAR(*s.points[1].karp_flatt, 0.1, 0.01);
  EXPECT_NEAR(*s.points[2].karp_flatt, 0.1, 0.01);
  EXPECT_NEAR(s.points[2].speedup, 1 / (0.1 + 0.9 / 4), 0.02);
  EXPECT_NEAR(*s.speedup_limit(), 10, 0.5);
}

TEST(ReportScaling, WithoutSequentialSpeedupIsAgainstOneWorker) {
  RunReport report = testing::fake_report();
  report.cells.erase(report.cells.begin());
  analyse(report);
  const auto& scaling = report.analysis.scaling;
  ASSERT_EQ(scaling.size(), 1u);
  EXPECT_DOUBLE_EQ(scaling[0].points[0].speedup, 1.0);
  EXPECT_NE(scaling[0].baseline, "sequential");
}

TEST(ReportTable, SweepAddsScalingSectionAndChart) {
  const std::string table = render("table", testing::fake_report());
  EXPECT_NE(table.find("Scaling of primes (speedup vs sequential)"), std::string::npos) << table;
  EXPECT_NE(table.find("Karp-Flatt"), std::string::npos);
  EXPECT_NE(table.find("threads      f = 10.0%"), std::string::npos) << table;
  EXPECT_NE(table.find("* threads"), std::string::npos);  // legend
  EXPECT_NE(table.find("· ideal (speedup = workers, flat past 4 CPUs)"), std::string::npos) << table;
  EXPECT_NE(table.find("└"), std::string::npos);  // x axis
  // One cell per model: nothing was swept, no section.
  RunReport single;
  single.cells.push_back(testing::fake_cell("threads", 2, {1.0, 1.0}));
  EXPECT_EQ(render("table", single).find("Scaling of"), std::string::npos);
}

// Parses the SVG with Python's XML parser and lists the series it holds.
TEST(ReportSvg, IsWellFormedXmlWithOneSeriesPerModel) {
  if (std::string(CONCUR_PYTHON3).empty())
    GTEST_SKIP() << "no Python 3 interpreter was found when CMake configured the tests "
                    "(find_package(Python3 COMPONENTS Interpreter)); install python3 and reconfigure";
  RunReport report = testing::fake_report();
  for (unsigned p : {1u, 2u, 4u})
    report.cells.push_back(testing::fake_cell("openmp", p, {0.5 / p + 0.5}));
  analyse(report);
  testing::TempDir dir("concur-svg");
  ASSERT_FALSE(dir.path().empty());
  const std::string path = dir.file("speedup.svg");
  std::ofstream(path) << report::render_speedup_svg(report.analysis.scaling);
  const std::string script =
      "import sys, xml.etree.ElementTree as ET\n"
      "root = ET.parse(sys.argv[1]).getroot()\n"
      "ns = '{http://www.w3.org/2000/svg}'\n"
      "assert root.tag == ns + 'svg'\n"
      "print(','.join(g.get('data-model') for g in root.iter(ns + 'g') if g.get('class') == "
      "'series'))\n"
      "print(sum(1 for l in root.iter(ns + 'polyline') if l.get('class') == 'ideal'))\n"
      "print(sum(1 for t in root.iter(ns + 'text') if t.get('class') == 'tick'))\n";
  const std::string script_path = dir.file("parse.py");
  std::ofstream(script_path) << script;
  FILE* pipe = ::popen((std::string(CONCUR_PYTHON3) + " " + script_path + " " + path + " 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  EXPECT_EQ(::pclose(pipe), 0) << output;
  const auto lines = testing::lines_of(output);
  ASSERT_EQ(lines.size(), 3u) << output;
  EXPECT_EQ(lines[0], "threads,openmp");
  EXPECT_EQ(lines[1], "1");
  EXPECT_GE(std::stoi(lines[2]), 6);  // y ticks and worker counts
}

// Runs `script` on `svg` with Python's XML parser; its stdout, or "" (and a
// failure) when it fails.
std::string python_on_svg(const std::string& svg, const std::string& script) {
  testing::TempDir dir("concur-svg-check");
  const std::string path = dir.file("chart.svg"), script_path = dir.file("check.py");
  std::ofstream(path) << svg;
  std::ofstream(script_path) << script;
  FILE* pipe = ::popen((std::string(CONCUR_PYTHON3) + " " + script_path + " " + path + " 2>&1").c_str(), "r");
  if (!pipe) return "";
  std::string output;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  EXPECT_EQ(::pclose(pipe), 0) << output;
  return output;
}

// Error bars for every point with an interval (none for a single repetition),
// the cores marked, and the ideal line flat at the cores past them: its last
// point is at speedup = cores (2), not workers (4). Speedups are read back
// from the geometry: the axis is speedup 0, the ideal's first point is 1.
TEST(ReportSvg, ErrorBarsCoresAndTheIdealLineFlatPastTheCores) {
  if (std::string(CONCUR_PYTHON3).empty()) GTEST_SKIP() << "no Python 3 interpreter (see above)";
  RunReport report = testing::fake_report();
  report.context.state.affinity = {0, 1};
  for (unsigned p : {1u, 2u, 4u}) report.cells.push_back(testing::fake_cell("openmp", p, {0.5 / p + 0.5}));
  analyse(report);
  const std::string svg = report::render_speedup_svg(report.analysis.scaling, report::usable_cores(report));
  const std::string output = python_on_svg(
      svg,
      "import sys, xml.etree.ElementTree as ET\n"
      "root = ET.parse(sys.argv[1]).getroot()\n"
      "ns = '{http://www.w3.org/2000/svg}'\n"
      "for g in root.iter(ns + 'g'):\n"
      "    if g.get('class') == 'series':\n"
      "        bars = [b for b in g.iter(ns + 'g') if b.get('class') == 'error-bar']\n"
      "        print(g.get('data-model'), len(bars), ','.join(b.get('data-workers') for b in bars))\n"
      "print('cores', ','.join(g.get('data-cores') for g in root.iter(ns + 'g') if g.get('class') == 'cores'))\n"
      "axis = [l for l in root.iter(ns + 'line') if l.get('class') == 'axis' and l.get('y1') == l.get('y2')][0]\n"
      "zero = float(axis.get('y1'))\n"
      "ideal = [l for l in root.iter(ns + 'polyline') if l.get('class') == 'ideal'][0]\n"
      "points = [tuple(map(float, p.split(','))) for p in ideal.get('points').split()]\n"
      "one = zero - points[0][1]\n"
      "print('last', round((zero - points[-1][1]) / one, 1), 'rightmost', points[-1][0] == max(p[0] for p in points))\n"
      "print('ends at the axis end', abs(points[-1][0] - float(axis.get('x2'))) < 0.06)\n");
  const auto lines = testing::lines_of(output);
  ASSERT_EQ(lines.size(), 5u) << output;
  EXPECT_EQ(lines[0], "threads 3 1,2,4");
  EXPECT_EQ(lines[1], "openmp 0 ");  // one repetition each: no interval, no bar
  EXPECT_EQ(lines[2], "cores 2");
  EXPECT_EQ(lines[3], "last 2.0 rightmost True");
  EXPECT_EQ(lines[4], "ends at the axis end True");  // the last sample is the largest count
  // On a machine with as many cores as workers, the line ends at the workers.
  report.context.state.affinity = {0, 1, 2, 3};
  analyse(report);
  const std::string wide = report::render_speedup_svg(report.analysis.scaling, report::usable_cores(report));
  EXPECT_NE(python_on_svg(wide,
                          "import sys, xml.etree.ElementTree as ET\n"
                          "root = ET.parse(sys.argv[1]).getroot()\n"
                          "ns = '{http://www.w3.org/2000/svg}'\n"
                          "axis = [l for l in root.iter(ns + 'line') if l.get('class') == 'axis' and l.get('y1') == l.get('y2')][0]\n"
                          "zero = float(axis.get('y1'))\n"
                          "ideal = [l for l in root.iter(ns + 'polyline') if l.get('class') == 'ideal'][0]\n"
                          "points = [tuple(map(float, p.split(','))) for p in ideal.get('points').split()]\n"
                          "print('last', round((zero - points[-1][1]) / (zero - points[0][1]), 2),\n"
                          "      abs(points[-1][0] - float(axis.get('x2'))) < 0.06)\n")
                .find("last 4.0 True"),
            std::string::npos);
}

// The chart's legend wraps only what does not fit: at exactly its one-line
// width it stays on one line, one column less moves its last entry down,
// and a width narrower than an entry never starts with an empty line.
TEST(ReportTable, ChartLegendWrapsOnlyWhatDoesNotFit) {
  RunReport report = testing::fake_report();
  report.context.state.affinity = {0, 1};
  analyse(report);
  std::vector<const ModelScaling*> models;
  for (const auto& s : report.analysis.scaling) models.push_back(&s);
  ASSERT_FALSE(models.empty());
  const auto legend = [&](std::size_t width) {
    const auto lines = testing::lines_of(report::render_speedup_chart(models, false, 2, width));
    std::vector<std::string> out;  // the lines after the axis label "workers"
    bool in_legend = false;
    for (const auto& line : lines) {
      if (in_legend) out.push_back(line);
      const std::size_t first = line.find_first_not_of(' ');
      in_legend = in_legend || (first != std::string::npos && line.substr(first) == "workers");
    }
    return out;
  };
  const auto unbounded = legend(0);
  ASSERT_EQ(unbounded.size(), 1u) << report::render_speedup_chart(models, false, 2, 0);
  const std::size_t one_line = report::display_width(unbounded.front());
  EXPECT_EQ(legend(one_line).size(), 1u) << "it fits exactly";
  EXPECT_EQ(legend(one_line - 1).size(), 2u) << "one column less";
  for (const auto& line : testing::lines_of(report::render_speedup_chart(models, false, 2, 8)))
    EXPECT_NE(line.find_first_not_of(' '), std::string::npos) << "an empty line in the chart at width 8";
}

// The Python that opens the SVG given as argv[1] (root, ns) and finds its
// horizontal axis line (axis), for the checks below.
const std::string kSvgWithAxis =
    "import sys, xml.etree.ElementTree as ET\n"
    "root = ET.parse(sys.argv[1]).getroot()\n"
    "ns = '{http://www.w3.org/2000/svg}'\n"
    "axis = [l for l in root.iter(ns + 'line') if l.get('class') == 'axis' and l.get('y1') == l.get('y2')][0]\n";

// The panel's title is centred over the plot, and the worker counts sit
// under the horizontal axis, inside the picture.
TEST(ReportSvg, TitleCentredAndCountsUnderTheAxis) {
  if (std::string(CONCUR_PYTHON3).empty()) GTEST_SKIP() << "no Python 3 interpreter (see above)";
  RunReport report = testing::fake_report();
  analyse(report);
  const std::string svg = report::render_speedup_svg(report.analysis.scaling, 2);
  const std::string output = python_on_svg(
      svg,
      kSvgWithAxis +
      "left, right, y = float(axis.get('x1')), float(axis.get('x2')), float(axis.get('y1'))\n"
      "title = [t for t in root.iter(ns + 'text') if t.get('class') == 'title'][0]\n"
      "print('centred', abs(float(title.get('x')) - (left + right) / 2) <= 1)\n"
      "counts = [t for t in root.iter(ns + 'text') if t.get('class') == 'tick' and t.get('text-anchor') == 'middle']\n"
      "height = float(root.get('height'))\n"
      "print('counts', len(counts), all(y < float(t.get('y')) < height for t in counts))\n");
  const auto lines = testing::lines_of(output);
  ASSERT_EQ(lines.size(), 2u) << output;
  EXPECT_EQ(lines[0], "centred True");
  EXPECT_EQ(lines[1], "counts 3 True");  // 1, 2 and 4 workers
}

// The terminal chart: bars of '│' for intervals, the cores marked and named,
// within a narrow width (64: the fixture's table, every optional column
// dropped, needs 61).
TEST(ReportTable, ChartShowsIntervalsAndCoresWithinTheWidth) {
  RunReport report = testing::fake_report();
  report.context.state.affinity = {0, 1};
  const std::string table = render("table", report, RenderOptions{false, 64});
  EXPECT_NE(table.find("┊ 2 usable CPUs"), std::string::npos) << table;
  EXPECT_NE(table.find("flat past 2 CPUs"), std::string::npos) << table;
  EXPECT_NE(table.find("│ 95% interval"), std::string::npos) << table;
  for (const std::string& line : testing::lines_of(table))
    EXPECT_LE(report::display_width(line), 64u) << line;
  // One CPU is marked too (at the axis' first count); more CPUs than the
  // sweep's largest count are off the axis: not marked.
  report.context.state.affinity = {0};
  const std::string one = render("table", report, RenderOptions{false, 64});
  EXPECT_NE(one.find("┊ 1 usable CPU"), std::string::npos) << one;
  EXPECT_EQ(one.find("┊ 1 usable CPUs"), std::string::npos) << one;
  report.context.state.affinity = {0, 1, 2, 3, 4, 5, 6, 7};
  const std::string eight = render("table", report, RenderOptions{false, 64});
  EXPECT_EQ(eight.find("usable CPU"), std::string::npos) << eight;
  EXPECT_NE(eight.find("flat past 8 CPUs"), std::string::npos) << eight;
}

}  // namespace
}  // namespace concur
