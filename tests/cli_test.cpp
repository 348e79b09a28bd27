// End-to-end: the real binary, its exit codes, its messages, its CSV.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "concur/version.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace concur {
namespace {

using testing::lines_of;
using testing::run_binary;

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') field += '"', ++i;
    else if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) fields.push_back(field), field.clear();
    else field += c;
  }
  fields.push_back(field);
  return fields;
}

TEST(Cli, QuickMathCsvHasOneVerifiedRowPerCell) {
  auto r = run_binary({"math", "--quick", "--workloads", "primes", "--models",
                       "sequential,threads,processes", "--workers", "2", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  auto header = split_csv_line(lines[0]);
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
  for (const char* required : {"workload", "model", "workers", "median_s", "speedup",
                               "efficiency", "verified", "error"})
    ASSERT_TRUE(column.count(required)) << "missing column " << required;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto row = split_csv_line(lines[i]);
    ASSERT_EQ(row.size(), header.size());
    EXPECT_EQ(row[column["workload"]], "primes");
    EXPECT_EQ(row[column["verified"]], "true");
    EXPECT_GT(std::stod(row[column["median_s"]]), 0);
    EXPECT_TRUE(row[column["error"]].empty());
  }
  EXPECT_EQ(split_csv_line(lines[1])[column["model"]], "sequential");
  EXPECT_EQ(split_csv_line(lines[1])[column["speedup"]], "1");
}

TEST(Cli, TableHasHeaderAndNoColourInAPipe) {
  auto r = run_binary({"math", "--quick", "--workloads", "primes", "--models", "sequential,threads"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("speedup"), std::string::npos);
  EXPECT_NE(r.out.find("efficiency"), std::string::npos);
  EXPECT_EQ(r.out.find('\033'), std::string::npos) << "colour codes in a pipe";
}

struct BadUsage {
  std::vector<std::string> args;
  std::string message;  // part of the one-line error
};

class CliBadUsage : public ::testing::TestWithParam<BadUsage> {};

TEST_P(CliBadUsage, ExitsTwoWithOneLineNamingTheProblem) {
  auto r = run_binary(GetParam().args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(GetParam().message), std::string::npos) << r.err;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    Cli, CliBadUsage,
    ::testing::Values(
        BadUsage{{"math", "--models", "fibers"}, "unknown model 'fibers' (valid: sequential"},
        BadUsage{{"math", "--workloads", "nosuch"}, "unknown workload 'nosuch' (valid: "},
        BadUsage{{"math", "--workers", "0"}, "at least 1"},
        BadUsage{{"math", "--workers", "two"}, "'two' is not a whole number"},
        BadUsage{{"math", "--workers", "8..2"}, "range 8..2 is empty"},
        BadUsage{{"math", "--repetitions", "abc"}, "--repetitions"},
        BadUsage{{"math", "--frobnicate"}, "--frobnicate"},
        BadUsage{{"math", "--format", "yaml"}, "yaml"},
        BadUsage{{"nosuchcommand"}, "nosuchcommand"},
        BadUsage{{}, "subcommand"},
        BadUsage{{"math", "--output", "/nonexistent-dir/x.csv"}, "does not exist"},
        BadUsage{{"math", "--benchmark_nosuch=1"}, "--benchmark_nosuch"},
        BadUsage{{"math", "--benchmark_repetitions=9"}, "use --repetitions"},
        BadUsage{{"math", "--quick", "--benchmark_filter=["}, "not a valid regular expression"},
        BadUsage{{"math", "--quick", "--benchmark_filter=nosuchcell"}, "matches no cell"},
        BadUsage{{"math", "--precision", "5"}, "did you mean 5%?"},
        BadUsage{{"math", "--precision", "0%"}, "--precision must be"},
        BadUsage{{"math", "--min-repetitions", "9", "--max-repetitions", "3"}, "--max-repetitions"},
        BadUsage{{"math", "--min-time", "nan"}, "--min-time"},
        BadUsage{{"math", "--max-time", "inf"}, "--max-time"}));

// Mistakes that used to pass quietly (a default used instead, a value wrapped
// or saturated, a Google Benchmark abort): each is a one-line usage error now.
INSTANTIATE_TEST_SUITE_P(
    QuietMistakes, CliBadUsage,
    ::testing::Values(
        BadUsage{{"math", "--models", ""}, "--models: empty value"},
        BadUsage{{"math", "--workloads", ""}, "--workloads: empty value"},
        BadUsage{{"math", "--workers", ""}, "--workers: empty value"},
        BadUsage{{"math", "--output", ""}, "--output: empty value"},
        BadUsage{{"math", "--plot", ""}, "--plot: empty value"},
        BadUsage{{"math", "--png", ""}, "--png: empty value"},
        BadUsage{{"math", "--seed", ""}, "--seed: '' is not a whole number"},
        BadUsage{{"math", "--seed", "-1"}, "--seed: '-1' is not a whole number"},
        BadUsage{{"math", "--seed", "18446744073709551616"}, "is not a whole number from 0 to"},
        BadUsage{{"math", "--seed", "0x10"}, "digits only"},
        BadUsage{{"math", "--size", "-5"}, "--size: '-5' is not a whole number"},
        BadUsage{{"math", "--min-time", "nan"}, "--min-time: nan is not a finite number"},
        BadUsage{{"math", "--min-time", "inf"}, "--min-time: inf is not a finite number"},
        BadUsage{{"math", "--min-time", "1e30"}, "--min-time: 1e30 is not a finite number"},
        BadUsage{{"math", "--min-time", "-1"}, "--min-time: -1 is not a finite number"},
        BadUsage{{"math", "--switch-interval", "nan"}, "--switch-interval: nan"},
        BadUsage{{"download", "--latency", "nan"}, "--latency: nan"},
        BadUsage{{"download", "--timeout", "inf"}, "--timeout: inf"},
        BadUsage{{"download", "--url", ""}, "--url: empty value"},
        BadUsage{{"download", "--keep", ""}, "--keep: empty value"},
        BadUsage{{"download", "--max-size", "0"}, "--max-size '0': give 1 byte to 1T"},
        BadUsage{{"download", "--max-size=-1M"}, "expected a size such as"},
        BadUsage{{"download", "--max-size", "2T"}, "give 1 byte to 1T"},
        BadUsage{{"download", "--max-size", "12Q"}, "expected a size such as"},
        BadUsage{{"course", "--seed", "-3"}, "--seed: '-3'"},
        BadUsage{{"course", "--output", ""}, "--output: empty value"},
        BadUsage{{"serve", "--port", "70000"}, "--port: 70000 is outside 0 to 65535"},
        BadUsage{{"serve", "--latency", "nan"}, "--latency: nan"},
        BadUsage{{"compare", "--alpha", "nan", "a.json", "b.json"}, "--alpha: nan"},
        BadUsage{{"math", "--benchmark_filter=["}, "--benchmark_filter '[': not a valid regular"}));

// The third hardening round: names given twice, integers in other spellings,
// output flags that collide, and a run whose cells all do not apply.
INSTANTIATE_TEST_SUITE_P(
    ThirdRound, CliBadUsage,
    ::testing::Values(
        BadUsage{{"math", "--models", "sequential,sequential"}, "--models 'sequential,sequential': sequential is given twice"},
        BadUsage{{"math", "--workloads", "pi,primes,pi"}, "--workloads 'pi,primes,pi': pi is given twice"},
        BadUsage{{"math", "--workers", "2,2"}, "--workers '2,2': 2 is given twice"},
        BadUsage{{"math", "--repetitions", "0x10"}, "--repetitions: '0x10' is not a whole number (digits only)"},
        BadUsage{{"math", "--repetitions", " 1"}, "--repetitions: ' 1' is not a whole number"},
        BadUsage{{"math", "--repetitions", "10001"}, "--repetitions: 10001 is outside 1 to 10000"},
        BadUsage{{"math", "--warmup", "1e3"}, "--warmup: '1e3' is not a whole number (digits only)"},
        BadUsage{{"math", "--min-repetitions", "+3"}, "--min-repetitions: '+3' is not a whole number"},
        BadUsage{{"download", "--images", "0x10"}, "--images: '0x10' is not a whole number (digits only)"},
        BadUsage{{"download", "--images", "0"}, "--images: 0 is outside 1 to 100000"},
        BadUsage{{"download", "--retries", "11"}, "--retries: 11 is outside 0 to 10"},
        BadUsage{{"math", "--quick", "--output", "same.svg", "--plot", "./same.svg"},
                 "--output and --plot both name same.svg"},
        BadUsage{{"math", "--quick", "--output", "-", "--plot", "-"}, "--output and --plot both name -"},
        BadUsage{{"math", "--quick", "--workloads", "mandelbrot", "--output", "m.png", "--png", "./m.png"},
                 "--output and --png both name m.png"},
        BadUsage{{"math", "--quick", "--workloads", "mandelbrot", "--plot", "m.png", "--png", "m.png"},
                 "--plot and --png both name m.png"},
        BadUsage{{"math", "--output", std::string(300, 'x')}, "File name too long"},
        BadUsage{{"download", "--quick", "--models", "tbb"}, "no cell can run: none of the models asked applies"},
        BadUsage{{"completion", "bash", "--output", ""}, "--output: empty value"},
        BadUsage{{"completion", "bash", "--output", "/nonexistent-dir/c.bash"}, "does not exist"},
        BadUsage{{"download", "--url", "http:///jpeg"}, "no host name"}));

// The other side of the same rules: overlapping worker ranges run each
// count once, and a name near the file system's limit is written.
TEST(Cli, OverlappingWorkerRangesRunEachCountOnce) {
  auto r = run_binary({"math", "--quick", "--workloads", "pi", "--models", "threads", "--workers", "1..2,2..4:x2",
                       "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::size_t rows = 0;
  for (std::size_t at = r.out.find("\npi,threads,"); at != std::string::npos; at = r.out.find("\npi,threads,", at + 1))
    ++rows;
  EXPECT_EQ(rows, 3u) << "workers 1, 2 and 4:\n" << r.out;
}

TEST(Cli, AnOutputNameNearTheLimitIsWritten) {
  testing::TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string file = dir.file(std::string(250, 'n') + ".csv");  // 254 bytes: the temporary's name is shortened
  auto r = run_binary({"math", "--quick", "--workloads", "pi", "--models", "sequential", "--format", "csv",
                       "--output", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::is_regular_file(file));
  EXPECT_EQ(dir.entries().size(), 1u) << "no temporary file is left";
}

// A plug-in's flag without its plug-in in the run changes nothing: warned
// about, once, and the run goes on. With the plug-in there: silent.
TEST(Cli, APluginFlagWithoutItsPluginIsWarnedAbout) {
  testing::TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string png = dir.file("m.png");
  auto ignored = run_binary({"math", "--quick", "--workloads", "pi", "--models", "sequential", "--png", png,
                             "--hostfile", "/etc/hostname", "--format", "csv"});
  EXPECT_EQ(ignored.exit_code, 0) << ignored.err;
  EXPECT_NE(ignored.err.find("warning: --png applies to the workload mandelbrot, which this run leaves out; ignored"),
            std::string::npos)
      << ignored.err;
  EXPECT_NE(ignored.err.find("warning: --hostfile applies to the model mpi"), std::string::npos) << ignored.err;
  EXPECT_FALSE(std::filesystem::exists(png));
  auto used = run_binary({"math", "--quick", "--workloads", "mandelbrot", "--models", "sequential", "--png", png,
                          "--format", "csv"});
  EXPECT_EQ(used.exit_code, 0) << used.err;
  EXPECT_EQ(used.err.find("warning:"), std::string::npos) << used.err;
  EXPECT_TRUE(std::filesystem::exists(png));
}

// `--plot -`: standard output carries the picture alone, no table after it.
TEST(Cli, PlotToStandardOutputIsThePictureAlone) {
  auto r = run_binary({"math", "--quick", "--workloads", "pi", "--models", "sequential,threads", "--plot", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("<", 0), 0u) << r.out.substr(0, 200);
  const auto end = r.out.rfind("</svg>");
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(r.out.find_first_not_of(" \n", end + 6), std::string::npos) << "after the picture: " << r.out.substr(end);
}

// Google Benchmark says so on stderr too; what matters is the exit code.
TEST(Cli, AFilterMatchingNoCellIsAUsageError) {
  auto r = run_binary({"math", "--quick", "--workloads", "pi", "--models", "sequential",
                       "--benchmark_filter=no-such-cell"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--benchmark_filter 'no-such-cell' matches no cell"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(Cli, OutputFileGetsTheFormatWhileTheTableGoesToStdout) {
  testing::TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::filesystem::path file = dir.file("result.csv");
  auto r = run_binary({"math", "--quick", "--workloads", "primes", "--models", "sequential",
                       "--format", "csv", "--output", file.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("speedup"), std::string::npos);
  std::ifstream in(file);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str().rfind("workload,model,workers", 0), 0u) << content.str();
  // Only the file itself: no temporary left beside it.
  EXPECT_EQ(dir.entries(), std::vector<std::string>{file.string()});
}

TEST(Cli, ListNamesModelsAndWorkloadsWithAvailability) {
  auto r = run_binary({"list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"primes", "sequential", "threads", "processes", "openmp", "available"})
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
}

// The value printed on `label` lines of `info`, or "" when there is none.
std::string info_value(const std::string& out, const std::string& label) {
  for (const auto& line : testing::lines_of(out))
    if (line.starts_with(label + " ")) return line.substr(line.find_first_not_of(' ', label.size()));
  return "";
}

TEST(Cli, InfoReportsThisMachineAndThisBuild) {
  auto r = run_binary({"info"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string cores = info_value(r.out, "cores");
  EXPECT_EQ(cores.rfind(std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " logical, ", 0), 0u) << r.out;
#if defined(__GNUC__) && !defined(__clang__)
  EXPECT_EQ(info_value(r.out, "compiler"),
            fmt::format("GCC {}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__)) << r.out;
#endif
  EXPECT_EQ(info_value(r.out, "build type"), build_info::build_type) << r.out;
  // Every library has a version, set apart from its name.
  for (const char* library : {"Google Benchmark", "CLI11", "fmt", "libcurl", "libevent", "libpng", "OpenMP"})
    EXPECT_FALSE(info_value(r.out, library).empty()) << library << "\n" << r.out;
}

TEST(Cli, VersionIsTheProjectsAndHelpNamesEveryCommandAndTheExitCodes) {
  auto version = run_binary({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind(std::string("concur-bench ") + build_info::version + "\n", 0), 0u) << version.out;
  auto help = run_binary({"--help"});
  EXPECT_EQ(help.exit_code, 0);
#define CONCUR_COMMAND(name) EXPECT_NE(help.out.find("\n  " #name " "), std::string::npos) << #name << help.out;
#include "cli/commands.def"
#undef CONCUR_COMMAND
  // Exit codes are told where they apply: on the commands that run cells.
  auto math = run_binary({"math", "--help"});
  EXPECT_NE(math.out.find("130 interrupted"), std::string::npos) << math.out;
}

}  // namespace
}  // namespace concur
