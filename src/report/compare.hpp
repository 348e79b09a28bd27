// `compare`: two result files in Google Benchmark's JSON schema (ours or
// Google Benchmark's own), matched by name; the change of each median, a
// Mann-Whitney U test where both sides have enough repetitions, and a
// verdict. Reader in compare_reader.cpp, test in compare_utest.cpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "concur/errors.hpp"

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
  double median() const;  // of real_seconds, else the stored aggregate
};

struct BenchmarkFile {
  std::string path;
  std::vector<StoredBenchmark> benchmarks;  // in file order
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
  double threshold = 0.05;  // relative change of the median that matters
  double alpha = 0.05;      // significance level of the U test
};

enum class Verdict { same, regression, improvement, now_fails, fixed, fails_in_both };
const char* to_string(Verdict);

struct Comparison {
  std::string name;
  double base_median = 0, new_median = 0;  // seconds
  std::optional<double> change;            // new / base - 1
  std::optional<double> p_value;           // when the U test was possible
  std::size_t base_count = 0, new_count = 0;
  Verdict verdict = Verdict::same;
};

struct CompareResult {
  std::string base_path, new_path;
  CompareOptions options;
  std::vector<Comparison> rows;
  std::vector<std::string> only_in_base, only_in_new;
  std::size_t regressions() const;
};

CompareResult compare(const BenchmarkFile& base, const BenchmarkFile& next,
                      const CompareOptions& options);
std::string render_comparison(const CompareResult& result);

}  // namespace concur::report
