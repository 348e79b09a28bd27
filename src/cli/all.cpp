// `concur-bench all`: every workload x every available model.
#include "cli/command.hpp"
#include "cli/run_flags.hpp"
#include "concur/registry.hpp"

namespace concur::cli {

Command add_all_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("all", "Every workload with every model (the one-minute answer)");
  auto flags = std::make_shared<RunFlags>();
  add_run_flags(*app, *flags, FlagSet::all);
  return {app, [flags] {
            std::vector<std::string> every;
            for (const auto& w : workload_registry()) every.emplace_back(w.name);
            return run_and_report(*flags, every, "");
          }};
}

}  // namespace concur::cli
