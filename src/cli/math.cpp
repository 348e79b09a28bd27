// `concur-bench math`: the CPU-bound kernels.
#include "cli/command.hpp"
#include "cli/run_flags.hpp"
#include "concur/registry.hpp"

namespace concur::cli {

Command add_math_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("math", "The CPU-bound kernels: primes, factorise, mandelbrot, pi");
  auto flags = std::make_shared<RunFlags>();
  add_run_flags(*app, *flags, FlagSet::math);
  return {app, [flags] {
            std::vector<std::string> kernels;
            for (const auto& w : workload_registry())
              if (w.group == "math") kernels.emplace_back(w.name);
            return run_and_report(*flags, kernels, "math");
          }};
}

}  // namespace concur::cli
