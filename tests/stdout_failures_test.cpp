// Results that cannot reach standard output are lost, so the command fails:
// with stdout on a full device (/dev/full) or closed (`>&-`), every command
// that prints exits 1 naming the reason; with a working stdout it stays 0.
// A closed stdout is never taken by a file the run opens.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace concur {
namespace {

namespace fs = std::filesystem;

testing::BinaryResult run_with_stdout(const std::vector<std::string>& args, const std::string& stdout_to) {
  testing::Launch launch;
  launch.stdout_to = stdout_to;
  testing::RunningBinary binary(args, launch);
  return binary.finish();
}

const std::vector<std::string> kQuickPi = {"math", "--quick", "--workloads", "pi", "--models", "sequential"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<std::vector<std::string>> printing_commands(const std::string& saved_json) {
  return {{"list"},
          {"info"},
          {"completion", "bash"},
          {"--version"},
          {"math", "--help"},
          {"compare", saved_json, saved_json},
          {"show", saved_json},
          kQuickPi,
          with(kQuickPi, {"--format", "csv", "--output", "-"})};
}

std::string saved_run(const testing::TempDir& dir) {
  const std::string path = (fs::path(dir.path()) / "run.json").string();
  const auto saved = testing::run_binary(with(kQuickPi, {"--format", "json", "--output", path}));
  EXPECT_EQ(saved.exit_code, 0) << saved.err;
  return path;
}

TEST(StdoutFailures, AFullDeviceFailsEveryCommandThatPrints) {
  const testing::TempDir dir;
  for (const auto& args : printing_commands(saved_run(dir))) {
    const auto r = run_with_stdout(args, "/dev/full");
    EXPECT_EQ(r.exit_code, 1) << args.front() << ": " << r.err;
    EXPECT_NE(r.err.find("cannot write the results to standard output: No space left on device"),
              std::string::npos)
        << args.front() << ": " << r.err;
  }
}

TEST(StdoutFailures, AClosedStdoutFailsAndIsNotTakenByAFile) {
  const testing::TempDir dir;
  const std::string saved = saved_run(dir);
  for (const auto& args : printing_commands(saved)) {
    const auto r = run_with_stdout(args, "closed");
    EXPECT_EQ(r.exit_code, 1) << args.front() << ": " << r.err;
    EXPECT_NE(r.err.find("cannot write the results to standard output: Bad file descriptor"), std::string::npos)
        << args.front() << ": " << r.err;
  }
  // The run's own file gets the JSON and nothing of the table meant for stdout.
  const std::string csv = (fs::path(dir.path()) / "run.csv").string();
  const auto r = run_with_stdout(with(kQuickPi, {"--format", "csv", "--output", csv}), "closed");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::ifstream in(csv);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().rfind("workload,model", 0), 0u) << text.str();
  EXPECT_EQ(text.str().find("sequential  "), std::string::npos) << "the table went into the file";
}

// The other side: the same commands with a working stdout succeed, silently.
TEST(StdoutFailures, AWorkingStdoutStaysSilent) {
  const testing::TempDir dir;
  for (const auto& args : printing_commands(saved_run(dir))) {
    const auto r = testing::run_binary(args);
    EXPECT_EQ(r.exit_code, 0) << args.front() << ": " << r.err;
    EXPECT_FALSE(r.out.empty()) << args.front();
    EXPECT_EQ(r.err.find("standard output"), std::string::npos) << args.front() << ": " << r.err;
  }
}

}  // namespace
}  // namespace concur
