// `concur-bench download`: the I/O-bound experiment, every model.
#include "cli/command.hpp"
#include "cli/help_formatter.hpp"
#include "cli/run_flags.hpp"

namespace concur::cli {

Command add_download_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "download", "Download N images one after another, on threads, in processes, asynchronously");
  auto flags = std::make_shared<RunFlags>();
  add_run_flags(*app, *flags, Bound::io);
  app->footer(examples_footer({"concur-bench download --images 10 --latency 50",
                               "concur-bench download --models threads,async --images 1000 --workers 100",
                               "concur-bench download --url http://127.0.0.1:8080/400/200/sports --timeout 5"},
                              kRunExitCodes));
  return {app, [flags] { return run_and_report(*flags, Bound::io); }};
}

}  // namespace concur::cli
