// `concur-bench info`: the machine and the build, for reading any result.
#include <iostream>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/machine.hpp"

namespace concur::cli {

Command add_info_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("info", "CPU, caches, compiler, build type, library versions");
  return {app, [] {
            MachineInfo m = machine_info();
            std::cout << fmt::format("host            {}\n", m.host_name)
                      << fmt::format("cpu             {}\n", m.cpu_model)
                      << fmt::format("cores           {} logical, {} physical\n", m.logical_cpus,
                                     m.physical_cores)
                      << fmt::format("clock           {:.0f} MHz\n", m.mhz_per_cpu);
            for (const auto& c : m.caches)
              std::cout << fmt::format("cache L{} {:<11} {} KiB (shared by {} logical CPUs)\n",
                                       c.level, c.type, c.size_bytes / 1024, c.shared_by);
            std::cout << fmt::format("os              {}\n", m.os)
                      << fmt::format("compiler        {}\n", m.compiler)
                      << fmt::format("build type      {}\n", m.build_type);
            for (const auto& [name, version] : m.libraries)
              std::cout << fmt::format("{:<16}{}\n", name, version);
            return 0;
          }};
}

}  // namespace concur::cli
