// `concur-bench compare BASE.json NEW.json`: the regression gate for CI.
// Exit 0 nothing slower, 1 slower or newly failing (or inconclusive /
// missing when asked), 2 unreadable or invalid input.
#include "report/compare.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/command.hpp"
#include "cli/help_formatter.hpp"
#include "cli/run_flags.hpp"
#include "core/flag_checks.hpp"
#include "cli/suggest.hpp"
#include "cli/terminal.hpp"
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
  std::string color = "auto";
};

}  // namespace

Command add_compare_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "compare",
      "Compare two JSON result files (ours or Google Benchmark's): per benchmark, the 95% "
      "interval of the ratio of medians against --threshold decides slower / faster / same / "
      "inconclusive; the regression gate for CI");
  auto flags = std::make_shared<CompareFlags>();
  app->add_option("BASE", flags->base, "The reference result file (JSON)")->type_name("FILE")->required();
  app->add_option("NEW", flags->next, "The result file to check (JSON)")->type_name("FILE")->required();
  app->add_option("--threshold", flags->threshold,
                  "Change of the median that matters: 5% or 0.05 (the same)")
      ->type_name("PERCENT");
  app->add_option("--alpha", flags->alpha, "Significance level of the U test shown beside the verdict")
      ->type_name("P")
      ->check(finite_range(1e-9, 0.5));
  app->add_option("--format", flags->format, "table, or markdown for a pull-request comment")
      ->check(one_of({"table", "markdown"}));
  app->add_flag("--fail-on-inconclusive", flags->fail_on_inconclusive,
                "Exit 1 when a benchmark cannot be told same or different");
  app->add_flag("--fail-on-missing", flags->fail_on_missing,
                "Exit 1 when a benchmark of BASE is missing from NEW");
  add_color_flag(*app, flags->color);
  app->footer(examples_footer({"concur-bench compare base.json new.json",
                               "concur-bench compare --threshold 10% --format markdown main.json branch.json",
                               "concur-bench math --quick --format json --output new.json && "
                               "concur-bench compare base.json new.json"},
                              "0 nothing slower, 1 slower or newly failing (or inconclusive, missing when "
                              "asked), 2 unreadable or invalid input"));
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
            const report::CompareResult result = [&] {
              try {
                return report::compare(base, next, options);
              } catch (const report::NothingToCompare& e) {
                std::cerr << report::render_skipped(e.skipped) << std::flush;  // before the error
                throw;
              }
            }();
            const bool color = color_enabled(parse_color_mode(flags->color), STDOUT_FILENO);
            std::cout << report::render_comparison(result, flags->format, color, terminal_width(STDOUT_FILENO))
                      << std::flush;
            return result.exit_code();
          }};
}

}  // namespace concur::cli
