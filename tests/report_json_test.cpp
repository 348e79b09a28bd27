// JSON keeps Google Benchmark's schema, with our columns as flat keys.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "concur/report.hpp"
#include "report_fixture.hpp"

namespace concur {
namespace {

using nlohmann::json;

TEST(ReportJson, ContextHasGoogleBenchmarkFields) {
  const json doc = json::parse(render("json", testing::fake_report()));
  for (const char* key : {"date", "host_name", "executable", "num_cpus", "mhz_per_cpu", "caches",
                          "library_build_type"})
    EXPECT_TRUE(doc["context"].contains(key)) << key;
  // The context captured at run time, not the machine the renderer runs on.
  EXPECT_EQ(doc["context"]["num_cpus"], 4);
  EXPECT_EQ(doc["context"]["host_name"], "testhost");
  EXPECT_EQ(doc["context"]["date"], "2026-11-25T18:00:00+00:00");
  EXPECT_EQ(doc["context"]["affinity"], "0-3");
  EXPECT_EQ(doc["context"]["command_line"], "concur-bench math --workloads primes");
}

TEST(ReportJson, OneEntryPerRepetitionPlusAggregates) {
  const RunReport report = testing::fake_report();
  const json doc = json::parse(render("json", report));
  const json& benchmarks = doc["benchmarks"];
  // 4 timed cells x (3 repetitions + mean/median/stddev/cv) + 1 failed entry.
  ASSERT_EQ(benchmarks.size(), 4u * 7 + 1);
  const json& first = benchmarks[0];
  EXPECT_EQ(first["name"], "primes/sequential/workers:1/real_time");
  EXPECT_EQ(first["run_name"], first["name"]);
  EXPECT_EQ(first["run_type"], "iteration");
  EXPECT_EQ(first["repetitions"], 3);
  EXPECT_EQ(first["repetition_index"], 0);
  EXPECT_EQ(first["threads"], 1);
  EXPECT_EQ(first["time_unit"], "ms");
  EXPECT_DOUBLE_EQ(first["real_time"].get<double>(), 1000.0);
  EXPECT_EQ(benchmarks[2]["repetition_index"], 2);
  // Our columns, typed.
  EXPECT_EQ(first["workload"], "primes");
  EXPECT_EQ(first["model"], "sequential");
  EXPECT_EQ(first["workers"], 1);
  EXPECT_EQ(first["verified"], true);
  EXPECT_TRUE(first["speedup"].is_number());
  EXPECT_TRUE(first.contains("max_rss_kb"));

  std::vector<std::string> aggregates;
  for (std::size_t i = 3; i < 7; ++i) {
    EXPECT_EQ(benchmarks[i]["run_type"], "aggregate");
    aggregates.push_back(benchmarks[i]["aggregate_name"]);
  }
  EXPECT_EQ(aggregates, (std::vector<std::string>{"mean", "median", "stddev", "cv"}));
  EXPECT_EQ(benchmarks[4]["name"], "primes/sequential/workers:1/real_time_median");
  EXPECT_NEAR(benchmarks[4]["real_time"].get<double>(), report.cells[0].time.median * 1e3, 1e-9);
  EXPECT_EQ(benchmarks[6]["aggregate_unit"], "percentage");
}

// compare.py pairs entries by name: the repetition count is a field, never
// in the name, or runs that took 13 and 15 repetitions share no row. The
// samples are on the cell's first entry only.
TEST(ReportJson, NamesWithoutRepetitionCountSamplesOncePerCell) {
  const json doc = json::parse(render("json", testing::fake_report()));
  std::size_t with_samples = 0;
  for (const json& b : doc["benchmarks"]) {
    EXPECT_EQ(b["name"].get<std::string>().find("repeats:"), std::string::npos) << b["name"];
    EXPECT_EQ(b["run_name"].get<std::string>().find("repeats:"), std::string::npos) << b["run_name"];
    if (!b.contains("samples_s")) continue;
    ++with_samples;
    EXPECT_TRUE(b["run_type"] == "iteration" && b["repetition_index"] == 0) << b["name"];
  }
  EXPECT_EQ(with_samples, 5u);  // 4 timed cells and the failed one
}

// With N and 2N repetitions the file about doubles (it quadrupled when every
// entry repeated all the samples).
TEST(ReportJson, SizeIsLinearInRepetitions) {
  auto size_with = [](std::size_t repetitions) {
    RunReport report = testing::fake_report();
    for (CellResult& cell : report.cells) {
      if (cell.real_seconds.empty()) continue;
      const double t = cell.real_seconds.front();
      cell.real_seconds.clear();
      for (std::size_t i = 0; i < repetitions; ++i) cell.real_seconds.push_back(t * (1 + 1e-4 * i));
      cell.cpu_seconds = cell.real_seconds;
      cell.time = summarize(cell.real_seconds);
    }
    return static_cast<double>(render("json", report).size());
  };
  const double ratio = size_with(400) / size_with(200);
  EXPECT_GT(ratio, 1.8);
  EXPECT_LT(ratio, 2.2);
}

// Ranks on named hosts (mpi): each cell says where its workers ran, and the
// context lists every host with the most ranks it ran at once.
TEST(ReportJson, PlacementPerCellAndHostsInTheContext) {
  RunReport report = testing::fake_report();
  report.cells[1].placement = {{"node-a", 1}};
  report.cells[2].placement = {{"node-a", 1}, {"node-b", 1}};
  report.cells[3].placement = {{"node-a", 3}, {"node-b", 1}};
  const json doc = json::parse(render("json", report));
  EXPECT_EQ(doc["context"]["worker_hosts"],
            json::parse(R"([{"host": "node-a", "ranks": 3}, {"host": "node-b", "ranks": 1}])"));
  bool seen = false;
  for (const json& b : doc["benchmarks"])
    if (b["name"].get<std::string>().starts_with(report.cells[2].name + "/")) {
      EXPECT_EQ(b["placement"], json::parse(R"([{"host": "node-a", "ranks": 1}, {"host": "node-b", "ranks": 1}])"));
      seen = true;
    } else if (b["name"].get<std::string>().starts_with(report.cells[0].name + "/")) {
      EXPECT_FALSE(b.contains("placement"));  // sequential ran here, on no named host
    }
  EXPECT_TRUE(seen);
  EXPECT_EQ(json::parse(render("json", testing::fake_report()))["context"]["worker_hosts"], json::array());
}

TEST(ReportJson, FailedCellsAppearWithTheirError) {
  const json doc = json::parse(render("json", testing::fake_report()));
  const json& last = doc["benchmarks"].back();
  EXPECT_EQ(last["model"], "processes");
  EXPECT_EQ(last["error_occurred"], true);
  EXPECT_EQ(last["error_message"], "not verified: count 41 | expected 42");
  EXPECT_EQ(last["status"], "failed");
  EXPECT_EQ(last["verified"], false);
  EXPECT_TRUE(last["speedup"].is_null());
}

TEST(ReportJson, ScalingSectionHasTheFittedSerialFraction) {
  const json doc = json::parse(render("json", testing::fake_report()));
  ASSERT_EQ(doc["scaling"].size(), 1u);
  EXPECT_EQ(doc["scaling"][0]["model"], "threads");
  EXPECT_NEAR(doc["scaling"][0]["serial_fraction"].get<double>(), 0.1, 0.01);
}

}  // namespace
}  // namespace concur
