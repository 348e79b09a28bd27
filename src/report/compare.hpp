// `compare`: two result files in Google Benchmark's JSON schema (ours or
// Google Benchmark's own), matched by name; the ratio of each pair of
// medians with its bootstrap interval decides the verdict against the
// threshold, a Mann-Whitney U test is shown beside. Reader in
// compare_reader.cpp, U test in compare_utest.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "concur/errors.hpp"
#include "concur/result.hpp"
#include "core/statistics.hpp"

namespace concur::report {

// Unreadable or invalid input: the message names the file and what is
// wrong. A UsageError, so it exits 2.
struct ParseError : UsageError {
  using UsageError::UsageError;
};

struct StoredBenchmark {
  std::string name;                  // run name without "/repeats:N": repetition counts may differ
  std::vector<double> real_seconds;  // one per repetition ("iteration" entries)
  std::optional<double> median_seconds;  // a "median" aggregate, for files holding only aggregates
  std::string error;                     // error_message of a failed run
  bool failed = false;
  // concur-bench's status "skipped" or "not_applicable" (cuda without a GPU,
  // async on a kernel): an error entry for Google Benchmark, but no failure.
  bool not_run = false;
  // One per repetition, in order, when every "iteration" entry carried a
  // "mechanism" object (files from before it have none: empty).
  std::vector<MechanismSample> mechanism;
  double median() const;  // of real_seconds, else the stored aggregate
};

// A row that is not a timing to compare (a BigO or RMS fit, an aggregate we
// do not know): listed, never fatal, never silent.
struct SkippedRow {
  std::string name;
  std::string reason;
};

struct BenchmarkFile {
  std::string path;
  std::vector<StoredBenchmark> benchmarks;  // in file order
  std::vector<SkippedRow> skipped;
};

// Throws ParseError("<path>: <what is wrong>") for anything but a valid file.
BenchmarkFile parse_benchmark_json(std::string_view text, const std::string& path);
BenchmarkFile read_benchmark_file(const std::string& path);

// Two-sided Mann-Whitney U test: exact distribution for small samples
// without ties, otherwise the normal approximation with tie and continuity
// corrections.
struct UTestResult {
  double u = 0;  // U of the first sample
  double p_value = 1;
  bool exact = false;
};
UTestResult mann_whitney_u(const std::vector<double>& first, const std::vector<double>& second);
// Whether any outcome of n1 vs n2 samples could reach p < alpha (the
// smallest exact two-sided p is 2 / C(n1+n2, n1)).
bool utest_possible(std::size_t n1, std::size_t n2, double alpha);
// Smallest equal sample size per side for which that holds.
std::size_t utest_min_repetitions(double alpha);

struct CompareOptions {
  // Relative change of the median that matters; the Analysis separates
  // winners with the same.
  double threshold = stats::kSeparationThreshold;
  double alpha = 0.05;      // significance level of the U test (shown, not the verdict)
  bool fail_on_inconclusive = false;
  bool fail_on_missing = false;  // a benchmark of the base missing from the new file
  std::uint64_t seed = 42;       // bootstrap
};

// slower / faster / same / inconclusive come from the interval of the ratio
// of medians (stats::classify); the others from failures, and not_run from a
// cell neither file ran (skipped or not applicable in both: nothing to judge).
enum class Verdict { same, slower, faster, inconclusive, now_fails, fixed, fails_in_both, not_run };
const char* to_string(Verdict);

struct Side {
  std::size_t count = 0;           // repetitions
  double median = 0;               // seconds
  std::optional<double> spread;    // half-width of the median's 95% interval / median
};

struct Comparison {
  std::string name;
  Side base, next;
  std::optional<Estimate> ratio;  // new median / base median, with its bootstrap interval
  std::optional<double> p_value;  // when the U test was possible
  Verdict verdict = Verdict::same;
  std::string why_inconclusive;  // "one repetition", "interval crosses the threshold"
};

struct CompareResult {
  std::string base_path, new_path;
  CompareOptions options;
  std::vector<Comparison> rows;
  std::vector<std::string> only_in_base, only_in_new;
  std::vector<SkippedRow> skipped;  // from both files, prefixed with which
  std::optional<double> geometric_mean;  // of the ratios, over the rows that have one
  std::size_t count(Verdict) const;
  // Exit status of the gate: 1 when a benchmark is slower or now fails (or
  // inconclusive / missing, when asked), else 0.
  int exit_code() const;
};

// No row of the two files could be compared: a usage error (exit 2) that
// keeps the rows each file had but that were skipped, so the command can
// list them, with why, before the error.
struct NothingToCompare : UsageError {
  NothingToCompare(const std::string& message, std::vector<SkippedRow> rows)
      : UsageError(message), skipped(std::move(rows)) {}
  std::vector<SkippedRow> skipped;  // prefixed "base: " or "new: "
};
// "skipped base: BM_Sort_BigO: a complexity fit (BigO), not a time", one a line.
std::string render_skipped(const std::vector<SkippedRow>& skipped, std::string_view bullet = "");

// Throws NothingToCompare when the files have no benchmark in common.
CompareResult compare(const BenchmarkFile& base, const BenchmarkFile& next,
                      const CompareOptions& options);
// "table" or "markdown" (a pull-request comment).
// Its prose (the heading, the verdict lines) wraps at `width` (0: never).
std::string render_comparison(const CompareResult& result, std::string_view format = "table",
                              bool color = false, std::size_t width = 0);

}  // namespace concur::report
