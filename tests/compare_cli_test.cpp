// End to end: JSON written by a real run, read back by `compare`.
#include <gtest/gtest.h>

#include <algorithm>

#include <filesystem>
#include <memory>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace concur {
namespace {

namespace fs = std::filesystem;
using testing::run_binary;

class CompareCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<testing::TempDir>("concur-compare");
    ASSERT_FALSE(dir_->path().empty());
    auto run =
        run_binary({"math", "--quick", "--workloads", "primes", "--models", "sequential,threads",
                    "--workers", "1,2", "--format", "json", "--output", path("base.json")});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    // The terminal table still goes to stdout.
    EXPECT_NE(run.out.find("workload"), std::string::npos);
    base_ = nlohmann::json::parse(read_text(path("base.json")));
  }
  static void TearDownTestSuite() { dir_.reset(); }
  static std::string path(const std::string& name) { return dir_->file(name); }
  static std::string read_text(const std::string& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  static void write(const std::string& name, const std::string& text) {
    std::ofstream(path(name)) << text;
  }

  static inline std::unique_ptr<testing::TempDir> dir_;
  static inline nlohmann::json base_;
};

TEST_F(CompareCli, WrittenJsonHasOneTimedEntryPerCell) {
  ASSERT_TRUE(base_["benchmarks"].is_array());
  EXPECT_EQ(base_["benchmarks"].size(), 3u);  // --quick: one repetition, no aggregates
  for (const auto& b : base_["benchmarks"]) {
    EXPECT_EQ(b["run_type"], "iteration");
    EXPECT_GT(b["real_time"].get<double>(), 0);
    EXPECT_EQ(b["verified"], true);
  }
}

TEST_F(CompareCli, SelfCompareExitsZero) {
  auto r = run_binary({"compare", path("base.json"), path("base.json")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("No regression."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("primes/threads/workers:2/real_time"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("too few repetitions"), std::string::npos) << r.out;
}

TEST_F(CompareCli, DoubledTimesAreARegression) {
  nlohmann::json slower = base_;
  for (auto& b : slower["benchmarks"]) b["real_time"] = b["real_time"].get<double>() * 2;
  write("slower.json", slower.dump());
  auto r = run_binary({"compare", path("base.json"), path("slower.json"), "--threshold", "5%"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("+100.0%"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("REGRESSION"), std::string::npos);
  // The other way round it is an improvement, and a 200% threshold hides it.
  EXPECT_EQ(run_binary({"compare", path("slower.json"), path("base.json")}).exit_code, 0);
  EXPECT_EQ(run_binary({"compare", path("base.json"), path("slower.json"), "--threshold", "200%"})
                .exit_code,
            0);
}

TEST_F(CompareCli, BenchmarksOnOneSideAreListedNotFatal) {
  nlohmann::json fewer = base_;
  fewer["benchmarks"].erase(0);
  write("fewer.json", fewer.dump());
  auto r = run_binary({"compare", path("base.json"), path("fewer.json")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("only in base: primes/sequential/workers:1/real_time"), std::string::npos)
      << r.out;
}

TEST_F(CompareCli, BadInputExitsTwoNamingTheFile) {
  const std::string text = base_.dump();
  write("truncated.json", text.substr(0, text.size() / 2));
  nlohmann::json wrong = base_;
  wrong["benchmarks"][1]["real_time"] = "fast";
  write("wrong.json", wrong.dump());
  for (const auto& [file, what] :
       {std::pair{"truncated.json", "not valid JSON"},
        std::pair{"wrong.json", "benchmarks[1].real_time: expected a number"},
        std::pair{"absent.json", "cannot open"}}) {
    auto r = run_binary({"compare", path("base.json"), path(file)});
    EXPECT_EQ(r.exit_code, 2) << file;
    EXPECT_NE(r.err.find(path(file) + ": " + what), std::string::npos) << r.err;
  }
  EXPECT_EQ(
      run_binary({"compare", path("base.json"), path("base.json"), "--threshold", "-5%"}).exit_code,
      2);
}

TEST_F(CompareCli, MarkdownAndSvgFromARealSweep) {
  auto r = run_binary({"math", "--quick", "--workloads", "primes", "--models", "sequential,threads",
                       "--workers", "1..4:x2", "--format", "markdown", "--plot", path("plot.svg")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("| workload | model | workers |", 0), 0u) << r.out;
  const auto lines = testing::lines_of(r.out);
  EXPECT_EQ(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.starts_with('|'); }),
            2 + 4);  // header, alignment, 4 cells
  EXPECT_NE(r.out.find("timed once"), std::string::npos) << r.out;  // --quick: the warning says so
  const std::string content = read_text(path("plot.svg"));
  EXPECT_NE(content.find("data-model=\"threads\""), std::string::npos);
  EXPECT_NE(content.rfind("</svg>\n"), std::string::npos);
}

TEST_F(CompareCli, NoProgressWhenStderrIsNotATerminal) {
  auto r = run_binary({"math", "--quick", "--workloads", "primes", "--models", "sequential,threads",
                       "--workers", "1,2"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");  // nothing at all: no \r, no ETA
  EXPECT_EQ(r.out.find('\r'), std::string::npos);
}

}  // namespace
}  // namespace concur
