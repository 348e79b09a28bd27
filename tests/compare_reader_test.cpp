// The compare reader: every malformed file of tests/data/compare is refused
// with a ParseError naming it; valid Google Benchmark output is read; a
// bounded fuzz of mutated files never escapes with anything else.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "concur/report.hpp"
#include "report/compare.hpp"
#include "report_fixture.hpp"
#include "temp_dir.hpp"

namespace concur::report {
namespace {

namespace fs = std::filesystem;
const fs::path kData = fs::path(CONCUR_SOURCE_DIR) / "tests" / "data" / "compare";

TEST(CompareReader, EveryMalformedFileIsAParseErrorNamingIt) {
  std::size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(kData)) {
    if (!entry.is_regular_file()) continue;
    const std::string path = entry.path().string();
    try {
      read_benchmark_file(path);
      ADD_FAILURE() << path << " was accepted";
    } catch (const ParseError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(path + ": ", 0), 0u) << e.what();
    }
    ++checked;
  }
  EXPECT_GE(checked, 20u);
}

TEST(CompareReader, MessagesSayWhatIsWrongWhere) {
  auto message = [](const std::string& file) {
    try {
      read_benchmark_file((kData / file).string());
    } catch (const ParseError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message("real_time_is_string.json")
                .find("benchmarks[0].real_time: expected a number, got string"),
            std::string::npos);
  EXPECT_NE(message("time_unit_unknown.json").find("'fortnights' is not one of ns, us, ms, s"),
            std::string::npos);
  EXPECT_NE(message("truncated.json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(message("deeply_nested.json").find("nested deeper"), std::string::npos);
  EXPECT_NE(message("missing.json").find("cannot open"), std::string::npos);
}

TEST(CompareReader, ReadsGoogleBenchmarksOwnOutput) {
  const BenchmarkFile file =
      read_benchmark_file((kData / "valid" / "google_benchmark_1_7_1.json").string());
  ASSERT_EQ(file.benchmarks.size(), 3u);
  EXPECT_EQ(file.benchmarks[0].name, "BM_sort/1024");
  EXPECT_DOUBLE_EQ(file.benchmarks[0].median(), 15e-6);
  EXPECT_EQ(file.benchmarks[1].name, "BM_copy");  // "/repeats:3" dropped for matching
  EXPECT_TRUE(file.benchmarks[1].real_seconds.empty());
  EXPECT_DOUBLE_EQ(file.benchmarks[1].median(), 2e-6);  // from the median aggregate
  EXPECT_TRUE(file.benchmarks[2].failed);
  EXPECT_EQ(file.benchmarks[2].error, "broken");
}

BenchmarkFile valid(const char* name) { return read_benchmark_file((kData / "valid" / name).string()); }

TEST(CompareReader, ComplexityRowsAreSkippedAndListed) {
  const BenchmarkFile file = valid("complexity_bigo_rms.json");
  ASSERT_EQ(file.benchmarks.size(), 2u);
  EXPECT_DOUBLE_EQ(file.benchmarks[1].median(), 21e-6);
  ASSERT_EQ(file.skipped.size(), 2u);
  EXPECT_EQ(file.skipped[0].name, "BM_Sort_BigO");
  EXPECT_EQ(file.skipped[0].reason, "a complexity fit (BigO), not a time");
  EXPECT_EQ(file.skipped[1].reason, "a complexity fit (RMS), not a time");
  const CompareResult r = compare(file, file, {});
  EXPECT_EQ(r.skipped.size(), 4u);  // from both sides
  EXPECT_NE(render_comparison(r).find("skipped base: BM_Sort_BigO: a complexity fit"),
            std::string::npos);
}

TEST(CompareReader, AggregatesOfOlderVersionsAndUnknownOnes) {
  // No aggregate_name: older versions named the aggregate by a suffix only;
  // without one it cannot be placed, so it is skipped with the reason.
  const BenchmarkFile old = valid("aggregate_without_name.json");
  EXPECT_TRUE(old.benchmarks.empty());
  ASSERT_EQ(old.skipped.size(), 1u);
  EXPECT_EQ(old.skipped[0].reason, "an aggregate without aggregate_name");
  const BenchmarkFile unknown = valid("unknown_aggregate.json");
  ASSERT_EQ(unknown.benchmarks.size(), 1u);
  EXPECT_EQ(unknown.benchmarks[0].real_seconds.size(), 2u);
  ASSERT_EQ(unknown.skipped.size(), 1u);
  EXPECT_EQ(unknown.skipped[0].reason, "unknown aggregate 'p99'");
}

// Before aggregate_name (Google Benchmark 1.4 and older) an aggregate was
// named by its suffix only: "_median" is still the median, not a skip.
TEST(CompareReader, AggregatesNamedBySuffixOnly) {
  const BenchmarkFile file = valid("aggregate_name_by_suffix.json");
  EXPECT_TRUE(file.skipped.empty()) << file.skipped.front().name << ": " << file.skipped.front().reason;
  ASSERT_EQ(file.benchmarks.size(), 1u);
  EXPECT_EQ(file.benchmarks[0].name, "BM_Old");
  EXPECT_TRUE(file.benchmarks[0].real_seconds.empty());
  EXPECT_DOUBLE_EQ(file.benchmarks[0].median(), 3e-3);  // the median row, not the mean
}

// A report whose timed cells took `repetitions` repetitions each.
RunReport report_with(std::size_t repetitions) {
  RunReport report = testing::fake_report();
  for (CellResult& cell : report.cells) {
    if (cell.real_seconds.empty()) continue;
    const double t = cell.real_seconds.front();
    cell.real_seconds.clear();
    for (std::size_t i = 0; i < repetitions; ++i) cell.real_seconds.push_back(t * (1 + 0.001 * (i % 7)));
    cell.cpu_seconds = cell.real_seconds;
    cell.time = summarize(cell.real_seconds);
  }
  return report;
}

// The layout before names were stable: "<cell>/repeats:N/real_time" and the
// cell's samples on every entry.
std::string old_layout(const RunReport& report) {
  nlohmann::json doc = nlohmann::json::parse(render("json", report));
  std::map<std::string, nlohmann::json> samples;
  for (const auto& b : doc["benchmarks"])
    if (b.contains("samples_s")) samples[b["run_name"]] = b["samples_s"];
  for (auto& b : doc["benchmarks"]) {
    const std::string run_name = b["run_name"];
    const std::string cell = run_name.substr(0, run_name.size() - std::string("/real_time").size());
    const std::string old_run_name =
        cell + "/repeats:" + std::to_string(b["repetitions"].get<std::size_t>()) + "/real_time";
    std::string name = b["name"];
    b["name"] = old_run_name + name.substr(run_name.size());  // keeps "_median"
    b["run_name"] = old_run_name;
    b["samples_s"] = samples[run_name];
  }
  return doc.dump();
}

TEST(CompareReader, ReadsTheCurrentLayoutStableNamesSamplesOnce) {
  const BenchmarkFile file = parse_benchmark_json(render("json", report_with(5)), "new.json");
  ASSERT_EQ(file.benchmarks.size(), 5u);
  EXPECT_EQ(file.benchmarks[0].name, "primes/sequential/workers:1/real_time");
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(file.benchmarks[i].real_seconds.size(), 5u) << i;
  EXPECT_TRUE(file.benchmarks[4].failed);
}

TEST(CompareReader, ReadsTheOldLayoutRepeatsInTheName) {
  const std::string text = old_layout(report_with(3));
  ASSERT_NE(text.find("primes/sequential/workers:1/repeats:3/real_time_median"), std::string::npos);
  const BenchmarkFile file = parse_benchmark_json(text, "old.json");
  ASSERT_EQ(file.benchmarks.size(), 5u);
  EXPECT_EQ(file.benchmarks[0].name, "primes/sequential/workers:1/real_time");  // repeats:3 dropped
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(file.benchmarks[i].real_seconds.size(), 3u) << i;
}

// Different repetition counts, and an old file against a new one: every cell paired.
TEST(CompareReader, OldAndNewLayoutsAndCountsPairEveryCell) {
  const BenchmarkFile old_file = parse_benchmark_json(old_layout(report_with(13)), "old.json");
  for (const BenchmarkFile& next : {parse_benchmark_json(render("json", report_with(15)), "new.json"),
                                    parse_benchmark_json(old_layout(report_with(15)), "old15.json")}) {
    const CompareResult r = compare(old_file, next, {});
    EXPECT_EQ(r.rows.size(), 5u);
    EXPECT_TRUE(r.only_in_base.empty());
    EXPECT_TRUE(r.only_in_new.empty());
  }
}

TEST(CompareReader, UserCountersAreIgnoredErrorsAreFailures) {
  const BenchmarkFile file = valid("user_counters_and_errors.json");
  ASSERT_EQ(file.benchmarks.size(), 3u);
  EXPECT_DOUBLE_EQ(file.benchmarks[0].median(), 12.5e-9);
  EXPECT_TRUE(file.benchmarks[1].failed);
  EXPECT_EQ(file.benchmarks[1].error, "out of memory");
  EXPECT_TRUE(file.benchmarks[2].failed);
  EXPECT_EQ(compare(file, file, {}).count(Verdict::fails_in_both), 2u);
}

// concur-bench writes a cell that never ran (cuda without a GPU, async on a
// kernel) as a Google Benchmark error entry with its own status beside it.
// Read back, it is "not run", not a failure in both files, and the gate
// ignores it; a cell that did fail still counts as failing.
TEST(CompareReader, CellsThatNeverRanAreNotRunNotFailures) {
  RunReport report = testing::fake_report();  // its processes cell failed
  CellResult not_applicable = testing::fake_cell("cuda", 1, {});
  not_applicable.status = CellStatus::not_applicable;
  not_applicable.reason = "no CUDA kernel for this workload";
  CellResult skipped = testing::fake_cell("openmp", 1, {});
  skipped.status = CellStatus::skipped;
  skipped.reason = "OpenMP was not built";
  report.cells.push_back(not_applicable);
  report.cells.push_back(skipped);
  testing::TempDir dir("concur-compare-not-run");
  ASSERT_FALSE(dir.path().empty());
  const std::string path = dir.file("run.json");
  std::ofstream(path) << render("json", report);
  const BenchmarkFile file = read_benchmark_file(path);
  const CompareResult r = compare(file, file, {});
  EXPECT_EQ(r.count(Verdict::not_run), 2u);
  EXPECT_EQ(r.count(Verdict::fails_in_both), 1u);
  EXPECT_EQ(r.exit_code(), 0);
}

// A bounded fuzz run in every test pass: mutate a valid file byte-wise and
// structurally; the reader must answer with a file or a ParseError.
TEST(CompareReader, MutatedInputsNeverEscapeAsOtherErrors) {
  std::ifstream in(kData / "valid" / "google_benchmark_1_7_1.json");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string seed = buffer.str();
  std::mt19937 random(12345);
  const std::string tokens[] = {"{", "}",    "[",  "]",     "\"",    ",",
                                ":", "null", "-1", "1e999", "\"x\"", "true"};
  int accepted = 0, refused = 0;
  for (int i = 0; i < 1500; ++i) {
    std::string text = seed;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = random() % text.size();
      switch (random() % 4) {
        case 0:
          text[at] = static_cast<char>(random() % 256);
          break;
        case 1:
          text.erase(at, 1 + random() % 16);
          break;
        case 2:
          text.insert(at, tokens[random() % std::size(tokens)]);
          break;
        default:
          text.resize(at);
          break;
      }
    }
    try {
      const BenchmarkFile file = parse_benchmark_json(text, "mutant.json");
      const CompareResult result = compare(file, file, {});
      render_comparison(result);
      ++accepted;
    } catch (const ParseError&) {
      ++refused;
    }
  }
  EXPECT_GT(refused, 0);
  EXPECT_EQ(accepted + refused, 1500);
}

}  // namespace
}  // namespace concur::report
