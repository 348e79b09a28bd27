// `concur-bench show RESULT.json`: a saved run (what --format json wrote)
// rendered again, through the same analysis and renderers as the run that
// made it, so a result can be read as a table, Markdown, CSV or a chart
// long after it ran, on another machine. Exit 0 shown, 2 unreadable or
// invalid input (no output file is written then).
#include <iostream>

#include "cli/command.hpp"
#include "cli/help_formatter.hpp"
#include "cli/run_flags.hpp"
#include "cli/suggest.hpp"
#include "concur/errors.hpp"
#include "core/analysis.hpp"
#include "core/atomic_file.hpp"
#include "core/flag_checks.hpp"
#include "report/report_reader.hpp"

namespace concur::cli {
namespace {

struct ShowFlags {
  std::string file;
  std::string format = "table";
  std::string output;
  std::string color = "auto";
};

}  // namespace

Command add_show_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "show",
      "Render a saved run (the JSON of --format json) again: the table, Markdown, CSV, JSON or "
      "the speedup chart, with its warnings, as the run printed them");
  auto flags = std::make_shared<ShowFlags>();
  app->add_option("RESULT", flags->file, "A result file written by --format json")
      ->type_name("FILE")
      ->required();
  std::vector<std::string> formats;
  for (auto name : format_names()) formats.emplace_back(name);
  formats.emplace_back("svg");
  app->add_option("--format", flags->format, "Output format (svg: the speedup-vs-workers chart)")
      ->check(one_of(formats));
  app->add_option("--output", flags->output,
                  "Also write it in --format to FILE (atomically); the table still goes to the "
                  "terminal; - for standard output alone")
      ->type_name("FILE")
      ->check(non_empty());
  add_color_flag(*app, flags->color);
  app->footer(examples_footer({"concur-bench show math.json",
                               "concur-bench show math.json --format markdown --output results.md",
                               "concur-bench show all.json --format svg --output speedup.svg"},
                              "0 shown, 2 unreadable or invalid input"));
  return {app, [flags] {
            if (!flags->output.empty()) check_output_path(flags->output);
            RunReport report = report::read_run_report(flags->file);
            analyse(report);  // the same Analysis as after the run
            // Every run command ends with its grid and verdicts; so does show.
            print_report(report, flags->format, flags->output, flags->color, /*summary_grid=*/true);
            return exit_code::ok;
          }};
}

}  // namespace concur::cli
