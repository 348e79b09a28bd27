// `concur-bench download`: the I/O-bound experiment, every model.
#include "cli/command.hpp"
#include "cli/run_flags.hpp"

namespace concur::cli {

Command add_download_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "download", "Download N images one after another, on threads, in processes, asynchronously");
  auto flags = std::make_shared<RunFlags>();
  add_run_flags(*app, *flags, FlagSet::download);
  return {app, [flags] { return run_and_report(*flags, "io"); }};
}

}  // namespace concur::cli
