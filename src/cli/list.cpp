// `concur-bench list`: every workload and model, and whether it can run here.
#include <iostream>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "concur/registry.hpp"

namespace concur::cli {

Command add_list_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("list", "Workloads and models, with availability");
  return {app, [] {
            std::cout << "workloads:\n";
            for (const auto& w : workload_registry())
              std::cout << fmt::format("  {:<17} {:<8} {}\n", w.name, w.group, w.description);
            std::cout << "\nmodels:\n";
            Options defaults;
            for (const auto& entry : model_registry()) {
              auto model = entry.make(defaults);
              Availability a = model->availability();
              std::cout << fmt::format("  {:<12} {:<13} {}\n", entry.name,
                                       a.ok ? "available" : "unavailable", model->info().description);
              if (!a.ok) std::cout << fmt::format("  {:<12} {:<13} why: {}\n", "", "", a.reason);
            }
            return 0;
          }};
}

}  // namespace concur::cli
