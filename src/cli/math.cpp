// `concur-bench math`: the CPU-bound kernels.
#include "cli/command.hpp"
#include "cli/help_formatter.hpp"
#include "cli/run_flags.hpp"

namespace concur::cli {

Command add_math_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("math", "The CPU-bound kernels: primes, factorise, mandelbrot, pi");
  auto flags = std::make_shared<RunFlags>();
  add_run_flags(*app, *flags, Bound::cpu);
  app->footer(examples_footer({"concur-bench math --workloads primes --models sequential,threads,openmp",
                               "concur-bench math --workers 1..8 --plot speedup.svg",
                               "concur-bench math --workloads mandelbrot --png mandelbrot.png --format json --output math.json"},
                              kRunExitCodes));
  return {app, [flags] { return run_and_report(*flags, Bound::cpu); }};
}

}  // namespace concur::cli
