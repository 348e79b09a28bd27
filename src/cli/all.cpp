// `concur-bench all`: every workload x every available model.
#include "cli/command.hpp"
#include "cli/run_flags.hpp"

namespace concur::cli {

Command add_all_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("all", "Every workload with every model (the one-minute answer)");
  auto flags = std::make_shared<RunFlags>();
  add_run_flags(*app, *flags, FlagSet::all);
  return {app, [flags] { return run_and_report(*flags, ""); }};  // "": every group
}

}  // namespace concur::cli
