// End to end: JSON written by a real run, read back by `compare`.
#include <gtest/gtest.h>

#include <algorithm>

#include <filesystem>
#include <memory>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include <sys/stat.h>

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
        run_binary({"math", "--quick", "--repetitions", "5", "--workloads", "primes", "--models",
                    "sequential,threads", "--workers", "1,2", "--format", "json", "--output",
                    path("base.json")});
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
  // --repetitions beats --quick: 5 repetitions plus mean/median/stddev/cv per cell.
  EXPECT_EQ(base_["benchmarks"].size(), 3u * (5 + 4));
  for (const auto& b : base_["benchmarks"]) {
    EXPECT_GT(b["real_time"].get<double>(), 0);
    EXPECT_EQ(b["verified"], true);
    // The samples once per cell, on its first entry: linear in the repetitions.
    if (b["run_type"] == "iteration" && b["repetition_index"] == 0)
      EXPECT_EQ(b["samples_s"].size(), 5u);
    else
      EXPECT_FALSE(b.contains("samples_s"));
    EXPECT_EQ(b["repetitions"], 5);
    EXPECT_EQ(b["name"].get<std::string>().find("repeats:"), std::string::npos) << b["name"];
    EXPECT_EQ(b["warmup_runs"], 1);
    if (b["model"] == "threads") {
      EXPECT_TRUE(b["speedup_ci_low"].is_number());
    }
  }
}

TEST_F(CompareCli, SelfCompareExitsZero) {
  auto r = run_binary({"compare", path("base.json"), path("base.json")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // A file against itself: never slower or faster (same, or inconclusive on
  // a machine too busy for ±5%).
  EXPECT_EQ(r.out.find("SLOWER"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(" faster"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("primes/threads/workers:2/real_time"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(n=5)"), std::string::npos) << r.out;
}

TEST_F(CompareCli, DoubledTimesAreARegression) {
  nlohmann::json slower = base_;
  // Ten times slower: beyond any spread of a busy machine's repetitions.
  for (auto& b : slower["benchmarks"]) b["real_time"] = b["real_time"].get<double>() * 10;
  write("slower.json", slower.dump());
  auto r = run_binary({"compare", path("base.json"), path("slower.json"), "--threshold", "5%"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("+900.0%"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SLOWER"), std::string::npos);
  // 0.05 is the same threshold as 5%; a bare 5 is refused with a suggestion.
  EXPECT_EQ(run_binary({"compare", path("base.json"), path("slower.json"), "--threshold", "0.05"})
                .exit_code,
            1);
  auto bare = run_binary({"compare", path("base.json"), path("slower.json"), "--threshold", "5"});
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_NE(bare.err.find("did you mean 5%?"), std::string::npos) << bare.err;
  // The other way round it is faster, and a 1000% threshold calls it the same.
  auto faster = run_binary({"compare", path("slower.json"), path("base.json")});
  EXPECT_EQ(faster.exit_code, 0);
  EXPECT_NE(faster.out.find("3 faster."), std::string::npos) << faster.out;
  EXPECT_EQ(run_binary({"compare", path("base.json"), path("slower.json"), "--threshold", "1000%"})
                .exit_code,
            0);
}

TEST_F(CompareCli, BenchmarksOnOneSideAreListedNotFatal) {
  nlohmann::json fewer = base_;
  auto& list = fewer["benchmarks"];
  for (auto it = list.begin(); it != list.end();)
    it = (*it)["model"] == "sequential" ? list.erase(it) : it + 1;
  write("fewer.json", fewer.dump());
  auto r = run_binary({"compare", path("base.json"), path("fewer.json")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("only in base (missing from new): primes/sequential/workers:1/real_time"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(run_binary({"compare", path("base.json"), path("fewer.json"), "--fail-on-missing"})
                .exit_code,
            1);
}

// Names come from files anyone may hand over: an ESC sequence (retitle the
// window, clear the screen) is shown escaped, and a backtick or pipe keeps
// the Markdown row whole.
TEST_F(CompareCli, HostileNamesReachNeitherTheTerminalNorTheMarkdownRaw) {
  nlohmann::json hostile = base_;
  for (auto& entry : hostile["benchmarks"])
    for (const char* key : {"name", "run_name"})
      if (entry.contains(key) && entry[key].is_string())
        entry[key] = "x\033]0;pwned\007\033[2J`a|b`/" + entry[key].get<std::string>();
  write("hostile.json", hostile.dump());
  auto table = run_binary({"compare", path("hostile.json"), path("hostile.json")});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out.find('\033'), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find('\007'), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("x\\x1B]0;pwned\\x07\\x1B[2J`a|b`/primes/"), std::string::npos) << table.out;
  auto md = run_binary({"compare", path("hostile.json"), path("hostile.json"), "--format", "markdown"});
  EXPECT_EQ(md.exit_code, 0) << md.err;
  std::istringstream lines(md.out);
  int rows = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("pwned") == std::string::npos || !line.starts_with("| ")) continue;
    ++rows;
    std::size_t pipes = 0;  // the cell separators: pipes not escaped
    for (std::size_t i = 0; i < line.size(); ++i)
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++pipes;
    EXPECT_EQ(pipes, 7u) << line;
    EXPECT_NE(line.find("``x\\x1B]0;pwned"), std::string::npos) << line;
  }
  EXPECT_GE(rows, 1) << md.out;
}

// stat says 0 bytes for /dev/zero and a FIFO: the read itself is bounded.
TEST_F(CompareCli, AnEndlessStreamIsRefusedNotReadIntoMemory) {
  auto zero = run_binary({"compare", "/dev/zero", path("base.json")});
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("/dev/zero: more than"), std::string::npos) << zero.err;
  const std::string fifo = path("fifo.json");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo) << base_.dump(); });
  auto piped = run_binary({"compare", fifo, path("base.json")});
  writer.join();
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
}

// The number of entries is bounded before any of them is read, and the
// error says what the bound is; at the bound it is another check that speaks.
TEST_F(CompareCli, MoreEntriesThanTheBoundAreRefusedSayingSo) {
  for (const std::size_t entries : {std::size_t{200'001}, std::size_t{200'000}}) {
    std::string many = "{\"benchmarks\": [{}";
    for (std::size_t i = 1; i < entries; ++i) many += ",{}";
    write("many.json", many + "]}");
    auto r = run_binary({"compare", path("many.json"), path("base.json")});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    const bool bounded = r.err.find("more than 200000 entries") != std::string::npos;
    EXPECT_EQ(bounded, entries > 200'000) << entries << ": " << r.err;
  }
}

// Ctrl-C while waiting for a FIFO's writer is an interrupt (130), not
// unreadable input (2).
TEST_F(CompareCli, CtrlCWhileAFifoHasNoWriterExits130) {
  const std::string fifo = path("nobody-writes.json");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  testing::RunningBinary run({"compare", fifo, path("base.json")}, {});
  ASSERT_TRUE(testing::wait_until_blocked_in_open(run.pid(), std::chrono::seconds(20)));
  run.signal(SIGINT);
  const auto r = run.finish();
  EXPECT_EQ(r.exit_code, 130) << r.err;
}

TEST_F(CompareCli, NoBenchmarkInCommonIsAnErrorNotNoRegression) {
  nlohmann::json renamed = base_;
  for (auto& entry : renamed["benchmarks"]) {
    entry["name"] = "other/" + entry["name"].get<std::string>();
    if (entry.contains("run_name")) entry["run_name"] = "other/" + entry["run_name"].get<std::string>();
  }
  write("renamed.json", renamed.dump());
  auto r = run_binary({"compare", path("base.json"), path("renamed.json")});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("no benchmark in common"), std::string::npos) << r.err;
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
  // The results table follows the context block (markdown_context.cpp).
  EXPECT_EQ(r.out.rfind("## Context\n", 0), 0u) << r.out;
  const auto table = r.out.find("\n| workload | model | workers |");
  ASSERT_NE(table, std::string::npos) << r.out;
  const auto lines = testing::lines_of(r.out.substr(table + 1, r.out.find("\n\n", table + 1) - table));
  EXPECT_EQ(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.starts_with('|'); }),
            2 + 4);  // header, alignment, 4 cells
  EXPECT_NE(r.out.find("timed once"), std::string::npos) << r.out;  // --quick: the warning says so
  const std::string content = read_text(path("plot.svg"));
  EXPECT_NE(content.find("data-model=\"threads\""), std::string::npos);
  EXPECT_NE(content.rfind("</svg>\n"), std::string::npos);
}

// Files whose every row is skipped (an aggregate without aggregate_name, as
// older Google Benchmarks wrote): still exit 2, but each skipped row is listed
// with its reason before the error, and the error says which file had nothing.
TEST_F(CompareCli, EveryRowSkippedListsThemBeforeTheError) {
  const std::string old_style =
      (fs::path(CONCUR_SOURCE_DIR) / "tests/data/compare/valid/aggregate_without_name.json").string();
  auto both = run_binary({"compare", old_style, old_style});
  EXPECT_EQ(both.exit_code, 2) << both.out;
  const std::string reason = ": bm/repeats:2/real_time: an aggregate without aggregate_name\n";
  const auto base = both.err.find("skipped base" + reason), next = both.err.find("skipped new" + reason);
  const auto error = both.err.find("error:");
  ASSERT_NE(base, std::string::npos) << both.err;
  ASSERT_NE(next, std::string::npos) << both.err;
  ASSERT_NE(error, std::string::npos) << both.err;
  EXPECT_LT(std::max(base, next), error) << both.err;
  EXPECT_NE(both.err.find("neither has a timing that can be compared; 2 rows skipped, listed above"),
            std::string::npos)
      << both.err;

  auto one = run_binary({"compare", path("base.json"), old_style});
  EXPECT_EQ(one.exit_code, 2) << one.out;
  EXPECT_NE(one.err.find("skipped new" + reason), std::string::npos) << one.err;
  EXPECT_NE(one.err.find(old_style + " has no timing that can be compared; 1 row skipped"), std::string::npos)
      << one.err;
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
