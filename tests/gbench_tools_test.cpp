// Google Benchmark's own compare.py (libbenchmark-tools) reads our JSON and
// pairs every cell of two runs that took different numbers of repetitions:
// it matches entries by name, so the repetition count must not be in it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "run_binary.hpp"
#include "run_program.hpp"
#include "temp_dir.hpp"

namespace concur {
namespace {

namespace fs = std::filesystem;

constexpr const char* kComparePy = "/usr/share/benchmark/compare.py";

TEST(GoogleBenchmarkTools, ComparePyPairsEveryCellAcrossRepetitionCounts) {
  if (std::string(CONCUR_PYTHON3).empty())
    GTEST_SKIP() << "no Python 3 interpreter was found when CMake configured the tests "
                    "(find_package(Python3 COMPONENTS Interpreter)); install python3 and reconfigure";
  if (!fs::exists(kComparePy))
    GTEST_SKIP() << kComparePy << " is absent: install Debian's libbenchmark-tools "
                    "(scripts/setup.sh does) to check that Google Benchmark's compare.py reads our JSON";
  testing::TempDir dir("concur-gbench-tools");
  ASSERT_FALSE(dir.path().empty());
  std::set<std::string> cells;
  // 3 against 5 repetitions, as adaptive sampling may take in two runs.
  for (const char* repetitions : {"3", "5"}) {
    const std::string out = (fs::path(dir.path()) / (std::string("r") + repetitions + ".json")).string();
    auto run = testing::run_binary({"math", "--quick", "--repetitions", repetitions, "--workloads", "primes",
                                    "--models", "sequential,threads", "--workers", "2", "--format", "json",
                                    "--output", out});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    std::ifstream in(out);
    const auto doc = nlohmann::json::parse(in);
    for (const auto& b : doc["benchmarks"])
      if (b["run_type"] == "iteration") cells.insert(b["run_name"].get<std::string>());
  }
  EXPECT_EQ(cells.size(), 2u);  // the same names in both runs, one per cell

  const auto r = testing::run_program({CONCUR_PYTHON3, kComparePy, "--no-color", "benchmarks", "r3.json", "r5.json"},
                                      dir.path());
  // Debian's libbenchmark-tools does not depend on SciPy, which compare.py imports.
  if (r.exit_code != 0 && r.output.find("No module named") != std::string::npos)
    GTEST_SKIP() << kComparePy << " cannot run, a Python module it imports is missing (install "
                    "python3-scipy, as scripts/setup.sh does):\n" << r.output;
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // One median row per cell: compare.py found it on both sides.
  std::istringstream lines(r.output);
  std::set<std::string> paired;
  for (std::string line; std::getline(lines, line);)
    for (const std::string& cell : cells)
      if (line.rfind(cell + "_median ", 0) == 0) paired.insert(cell);
  EXPECT_EQ(paired, cells) << r.output;
}

}  // namespace
}  // namespace concur
