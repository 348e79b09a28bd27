// `concur-bench all`: every workload x every available model.
#include "cli/command.hpp"
#include "cli/help_formatter.hpp"
#include "cli/run_flags.hpp"

namespace concur::cli {

Command add_all_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("all", "Every workload with every model: the whole matrix, and a summary grid");
  auto flags = std::make_shared<RunFlags>();
  add_run_flags(*app, *flags, std::nullopt);
  app->footer(examples_footer({"concur-bench all",
                               "concur-bench all --quick --format markdown --output results.md",
                               "concur-bench all --models sequential,threads,processes --workers 1..8:x2"},
                              kRunExitCodes));
  return {app, [flags] { return run_and_report(*flags, std::nullopt); }};  // every group
}

}  // namespace concur::cli
