// `concur-bench show`: a saved run rendered again equals what the run
// printed, byte for byte; bad input is refused with exit 2 and no output
// file. And the prose of a real run fits the terminal's width.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/text_layout.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace concur {
namespace {

using testing::run_binary;

std::string show_file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::vector<std::string> kShowRun = {"math",   "--quick",  "--workloads", "primes", "--models",
                                       "sequential,threads", "--workers", "1,2"};

std::vector<std::string> show_args(std::vector<std::string> args, std::initializer_list<std::string> more) {
  args.insert(args.end(), more);
  return args;
}

TEST(ShowCli, RendersASavedRunAsTheRunPrintedIt) {
  testing::TempDir dir("concur-show");
  ASSERT_FALSE(dir.path().empty());
  const std::string saved = dir.file("a.json");
  const std::vector<std::string> narrow = {"COLUMNS=100"};
  auto run = testing::run_binary(show_args(kShowRun, {"--format", "json", "--output", saved}), narrow);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_NE(run.out.find("Warnings:"), std::string::npos) << run.out;  // --quick: one repetition
  ASSERT_NE(run.out.find("Scaling of primes"), std::string::npos) << run.out;

  auto table = testing::run_binary({"show", saved}, narrow);
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out, run.out);
  // The file itself reads back to the same file: nothing was lost on the way.
  auto reread = testing::run_binary({"show", saved, "--format", "json", "--output", "-"}, narrow);
  EXPECT_EQ(reread.exit_code, 0) << reread.err;
  EXPECT_EQ(reread.out, show_file_text(saved));

  // Markdown to a file, the table still on the terminal; the chart too.
  const std::string markdown = dir.file("a.md");
  auto md = testing::run_binary({"show", saved, "--format", "markdown", "--output", markdown}, narrow);
  EXPECT_EQ(md.exit_code, 0) << md.err;
  EXPECT_EQ(md.out, run.out);
  EXPECT_NE(show_file_text(markdown).find("## Context"), std::string::npos);
  auto md_out = testing::run_binary({"show", saved, "--format", "markdown"}, narrow);
  EXPECT_EQ(md_out.out, show_file_text(markdown));
  auto svg = testing::run_binary({"show", saved, "--format", "svg"});
  EXPECT_EQ(svg.exit_code, 0) << svg.err;
  EXPECT_TRUE(svg.out.starts_with("<?xml")) << svg.out;
  EXPECT_NE(svg.out.find("data-model=\"threads\""), std::string::npos);
}

TEST(ShowCli, RefusesWhatIsNotASavedRunAndWritesNothing) {
  testing::TempDir dir("concur-show-bad");
  ASSERT_FALSE(dir.path().empty());
  const std::string saved = dir.file("good.json");
  ASSERT_EQ(run_binary(show_args(kShowRun, {"--format", "json", "--output", saved})).exit_code, 0);
  const std::string whole = show_file_text(saved);
  std::ofstream(dir.file("truncated.json")) << whole.substr(0, whole.size() / 2);
  std::ofstream(dir.file("text.json")) << "these are not the results you are looking for\n";
  std::ofstream(dir.file("gbench.json"))
      << R"({"context": {"executable": "./bm_sort", "num_cpus": 4}, "benchmarks": [)"
         R"({"name": "BM_Sort/8", "run_type": "iteration", "real_time": 12.5, "cpu_time": 12.4, "time_unit": "ns"}]})";
  std::filesystem::create_directory(dir.file("folder.json"));
  const struct {
    std::string file, says;
  } cases[] = {{dir.file("missing.json"), "missing.json"},
               {dir.file("text.json"), "not valid JSON"},
               {dir.file("truncated.json"), "not valid JSON"},
               {dir.file("gbench.json"), "not a concur-bench result"},
               {dir.file("folder.json"), "is a folder"}};
  for (const auto& c : cases) {
    const std::string output = dir.file("out.md");
    auto r = run_binary({"show", c.file, "--format", "markdown", "--output", output});
    EXPECT_EQ(r.exit_code, 2) << c.file << "\n" << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.file), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "") << c.file;
    EXPECT_FALSE(std::filesystem::exists(output)) << c.file;
  }
  // A good file with one field gone: named, not guessed.
  std::string broken = whole;
  const auto at = broken.find("\"is_baseline\"");
  ASSERT_NE(at, std::string::npos);
  broken.replace(at, 13, "\"was_baseline\"");
  std::ofstream(dir.file("older.json")) << broken;
  auto r = run_binary({"show", dir.file("older.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is_baseline: missing"), std::string::npos) << r.err;
}

// Warnings, notes and the scaling section's prose wrap at COLUMNS like the
// table; a line may be wider only for a word that cannot be broken.
TEST(ShowCli, EveryLineOfARunFitsTheWidth) {
  for (std::size_t width : {100u, 60u}) {
    auto r = run_binary(kShowRun, std::vector<std::string>{"COLUMNS=" + std::to_string(width)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_NE(r.out.find("Warnings:"), std::string::npos);
    for (const std::string& line : testing::lines_of(r.out)) {
      if (report::display_width(line) <= width) continue;
      std::size_t longest = 0;  // the widest word, indent included
      std::istringstream words(line);
      for (std::string word; words >> word;) longest = std::max(longest, report::display_width(word));
      EXPECT_GT(longest + 6, width) << "at COLUMNS=" << width << ": " << line;
    }
  }
}

}  // namespace
}  // namespace concur
