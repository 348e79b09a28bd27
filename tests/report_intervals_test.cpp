// Intervals only where there is one: none from a single repetition (no
// "±0.00", null in JSON, empty in CSV), exactly [1, 1] for the baseline's own
// speedup; and durations in a unit that fits each value.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "concur/report.hpp"
#include "report/columns.hpp"
#include "report/compare.hpp"
#include "report_fixture.hpp"
#include "run_binary.hpp"

namespace concur {
namespace {

using nlohmann::json;
using testing::lines_of;

// Sequential and threads, one repetition each.
RunReport single_repetition_report() {
  RunReport r;
  r.context = testing::fake_context();
  r.cells.push_back(testing::fake_cell("sequential", 1, {1.0}));
  CellResult threads = testing::fake_cell("threads", 2, {0.5});
  r.cells.push_back(threads);
  analyse(r);
  return r;
}

std::string line_of(const std::string& table, const std::string& model) {
  for (const std::string& line : lines_of(table))
    if (line.starts_with("primes") && line.find(" " + model + " ") != std::string::npos) return line;
  return "";
}

// Each CSV row as header -> field.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& csv) {
  const auto lines = lines_of(csv);
  const auto split = [](const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      else if (c == ',' && !quoted) fields.emplace_back();
      else fields.back() += c;
    }
    return fields;
  };
  std::vector<std::map<std::string, std::string>> rows;
  const auto header = split(lines.at(0));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto fields = split(lines[i]);
    auto& row = rows.emplace_back();
    for (std::size_t f = 0; f < header.size() && f < fields.size(); ++f) row[header[f]] = fields[f];
  }
  return rows;
}

TEST(ReportIntervals, OneRepetitionShowsNoSpeedupInterval) {
  const RunReport r = single_repetition_report();
  const CellAnalysis& threads = r.analysis.cells[1];
  ASSERT_TRUE(threads.speedup);
  EXPECT_DOUBLE_EQ(threads.speedup->value, 2.0);
  EXPECT_FALSE(threads.speedup->has_interval);
  ASSERT_TRUE(threads.efficiency);
  EXPECT_FALSE(threads.efficiency->has_interval);

  const std::string line = line_of(render("table", r), "threads");
  ASSERT_FALSE(line.empty()) << render("table", r);
  EXPECT_NE(line.find("2.00x"), std::string::npos) << line;
  EXPECT_EQ(line.find("±"), std::string::npos) << line;  // not "2.00x ±0.00"

  const json doc = json::parse(render("json", r));
  std::size_t threads_entries = 0;
  for (const json& entry : doc["benchmarks"]) {
    if (entry["model"] != "threads") continue;
    ++threads_entries;
    EXPECT_DOUBLE_EQ(entry["speedup"].get<double>(), 2.0);
    for (const char* key : {"speedup_ci_low", "speedup_ci_high", "efficiency_ci_low",
                            "efficiency_ci_high", "median_ci_low_s", "median_ci_high_s"})
      EXPECT_TRUE(entry[key].is_null()) << key << " = " << entry[key];
  }
  EXPECT_GT(threads_entries, 0u);

  const auto rows = csv_rows(render("csv", r));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].at("model"), "threads");
  EXPECT_EQ(rows[1].at("speedup"), "2");
  for (const char* key : {"speedup_ci_low", "speedup_ci_high", "efficiency_ci_low", "median_ci_low_s"})
    EXPECT_EQ(rows[1].at(key), "") << key;
}

TEST(ReportIntervals, TheBaselinesOwnSpeedupIsExactlyOne) {
  const RunReport r = testing::fake_report();  // sequential: 1.0, 1.01, 0.99 s
  const CellAnalysis& sequential = r.analysis.cells[0];
  ASSERT_TRUE(r.cells[0].is_baseline && sequential.speedup);
  EXPECT_EQ(sequential.speedup->value, 1.0);
  EXPECT_EQ(sequential.speedup->ci.low, 1.0);  // not a bootstrap of itself against itself
  EXPECT_EQ(sequential.speedup->ci.high, 1.0);
  // The other cells keep their bootstrap interval.
  EXPECT_LT(r.analysis.cells[2].speedup->ci.low, r.analysis.cells[2].speedup->ci.high);

  const std::string line = line_of(render("table", r), "sequential");
  EXPECT_NE(line.find("1.00x"), std::string::npos) << line;
  EXPECT_EQ(line.find("1.00x ±"), std::string::npos) << line;
  const json doc = json::parse(render("json", r));
  EXPECT_EQ(doc["benchmarks"][0]["speedup_ci_low"], 1.0);
  EXPECT_EQ(doc["benchmarks"][0]["speedup_ci_high"], 1.0);
}

TEST(ReportIntervals, DurationsTakeTheUnitOfTheirSize) {
  EXPECT_EQ(report::format_duration(12.5e-9), "12.5 ns");
  EXPECT_EQ(report::format_duration(999e-9), "999.0 ns");
  EXPECT_EQ(report::format_duration(3e-6), "3.0 µs");
  EXPECT_EQ(report::format_duration(12.5e-3), "12.5 ms");
  EXPECT_EQ(report::format_duration(2), "2.000 s");
}

// Google Benchmark's own rows are often nanoseconds: not "0.0 µs".
TEST(ReportIntervals, CompareShowsNanosecondRowsInNanoseconds) {
  const auto file = report::read_benchmark_file(
      (std::filesystem::path(CONCUR_SOURCE_DIR) / "tests/data/compare/valid/user_counters_and_errors.json").string());
  const std::string shown = report::render_comparison(report::compare(file, file, {}));
  EXPECT_NE(shown.find("12.5 ns"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("0.0 µs"), std::string::npos) << shown;
}

}  // namespace
}  // namespace concur
