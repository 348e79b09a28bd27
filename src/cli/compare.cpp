// `concur-bench compare BASE.json NEW.json`: the regression gate for CI.
// Exit 0 nothing slower, 1 slower or newly failing (or inconclusive /
// missing when asked), 2 unreadable or invalid input.
#include "report/compare.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/command.hpp"
#include "cli/run_flags.hpp"
#include "concur/errors.hpp"

namespace concur::cli {
namespace {

struct CompareFlags {
  std::string base, next;
  std::string threshold = "5%";
  double alpha = 0.05;
  std::string format = "table";
  bool fail_on_inconclusive = false;
  bool fail_on_missing = false;
};

}  // namespace

Command add_compare_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "compare",
      "Compare two JSON result files (ours or Google Benchmark's): per benchmark, the 95% "
      "interval of the ratio of medians against --threshold decides slower / faster / same / "
      "inconclusive; exit 1 when something is slower or now fails, 2 on bad input");
  auto flags = std::make_shared<CompareFlags>();
  app->add_option("BASE", flags->base, "The reference result file (JSON)")->required();
  app->add_option("NEW", flags->next, "The result file to check (JSON)")->required();
  app->add_option("--threshold", flags->threshold,
                  "Change of the median that matters: 5% or 0.05 (the same)")
      ->capture_default_str();
  app->add_option("--alpha", flags->alpha,
                  "Significance level of the U test shown beside the verdict")
      ->capture_default_str()->check(CLI::Range(1e-9, 0.5));
  app->add_option("--format", flags->format, "table, or markdown for a pull-request comment")
      ->capture_default_str()->check(CLI::IsMember({"table", "markdown"}));
  app->add_flag("--fail-on-inconclusive", flags->fail_on_inconclusive,
                "Exit 1 when a benchmark cannot be told same or different");
  app->add_flag("--fail-on-missing", flags->fail_on_missing,
                "Exit 1 when a benchmark of BASE is missing from NEW");
  return {app, [flags] {
            report::CompareOptions options;
            options.threshold = parse_fraction(flags->threshold, "--threshold");
            if (options.threshold > 10)
              throw UsageError("--threshold: at most 1000%");
            options.alpha = flags->alpha;
            options.fail_on_inconclusive = flags->fail_on_inconclusive;
            options.fail_on_missing = flags->fail_on_missing;
            const report::BenchmarkFile base = report::read_benchmark_file(flags->base);
            const report::BenchmarkFile next = report::read_benchmark_file(flags->next);
            const report::CompareResult result = report::compare(base, next, options);
            const char* no_color = std::getenv("NO_COLOR");
            const bool color = ::isatty(STDOUT_FILENO) && !(no_color && *no_color);
            std::cout << report::render_comparison(result, flags->format, color) << std::flush;
            return result.exit_code();
          }};
}

}  // namespace concur::cli
