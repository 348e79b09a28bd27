// `concur-bench compare BASE.json NEW.json`: the regression gate for CI.
// Exit 0 no regression, 1 a regression, 2 unreadable or invalid input.
#include "report/compare.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <iostream>

#include "cli/command.hpp"
#include "cli/help_formatter.hpp"
#include "concur/errors.hpp"

namespace concur::cli {
namespace {

struct CompareFlags {
  std::string base, next;
  std::string threshold = "5%";
  double alpha = 0.05;
};

// "5%", "5" (both percent) or "0.5%" -> 0.05, 0.05, 0.005.
double parse_threshold(const std::string& text) {
  std::string_view digits = text;
  if (digits.ends_with('%')) digits.remove_suffix(1);
  double percent = -1;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), percent);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
      !std::isfinite(percent) || percent < 0 || percent > 1000)
    throw UsageError(
        fmt::format("--threshold '{}': expected a percentage such as 5% (0 to 1000)", text));
  return percent / 100;
}

}  // namespace

Command add_compare_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "compare",
      "Compare two JSON result files (ours or Google Benchmark's): the change of each median, "
      "with a Mann-Whitney U test; the regression gate for CI");
  auto flags = std::make_shared<CompareFlags>();
  app->add_option("BASE", flags->base, "The reference result file (JSON)")->type_name("FILE")->required();
  app->add_option("NEW", flags->next, "The result file to check (JSON)")->type_name("FILE")->required();
  app->add_option("--threshold", flags->threshold,
                  "Change of the median that counts as a regression, in percent")
      ->type_name("PERCENT");
  app->add_option("--alpha", flags->alpha, "Significance level of the U test, above 0 and up to 0.5")
      ->type_name("P")
      ->check(CLI::Range(1e-9, 0.5).description(""));
  app->footer(examples_footer({"concur-bench compare base.json new.json",
                               "concur-bench compare --threshold 10% main.json branch.json",
                               "concur-bench math --quick --format json --output new.json && "
                               "concur-bench compare base.json new.json"},
                              "0 no regression, 1 a regression, 2 unreadable or invalid input"));
  return {app, [flags] {
            report::CompareOptions options;
            options.threshold = parse_threshold(flags->threshold);
            options.alpha = flags->alpha;
            const report::BenchmarkFile base = report::read_benchmark_file(flags->base);
            const report::BenchmarkFile next = report::read_benchmark_file(flags->next);
            const report::CompareResult result = report::compare(base, next, options);
            std::cout << report::render_comparison(result) << std::flush;
            return result.regressions() > 0 ? exit_code::failed : exit_code::ok;
          }};
}

}  // namespace concur::cli
