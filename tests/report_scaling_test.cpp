// Scaling analysis, the terminal chart and the SVG plot.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "concur/report.hpp"
#include "report/scaling.hpp"
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
  EXPECT_NE(table.find("· ideal (speedup = workers)"), std::string::npos);
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

}  // namespace
}  // namespace concur
