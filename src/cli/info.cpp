// `concur-bench info`: the machine and the build, for reading any result.
#include <iostream>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/machine.hpp"
#include "models/cuda_device.hpp"

namespace concur::cli {

namespace {

// The GPU section: each device, or why there is none for the cuda model.
void print_gpus(const CudaStatus& cuda) {
  if (!cuda.usable) {
    std::cout << fmt::format("gpu             none usable: {}\n", cuda.reason);
    return;
  }
  std::cout << fmt::format("cuda            driver {}, runtime {}\n",
                           cuda_version_text(cuda.driver_version),
                           cuda_version_text(cuda.runtime_version));
  for (std::size_t i = 0; i < cuda.devices.size(); ++i) {
    const GpuDevice& d = cuda.devices[i];
    std::cout << fmt::format("gpu {:<12}{}, compute {}.{}, {} SMs, {:.1f} GiB\n", i, d.name,
                             d.major, d.minor, d.multiprocessors,
                             static_cast<double>(d.memory_bytes) / (1 << 30));
  }
  std::cout << fmt::format("cuda warm-up    {:.1f} ms context, {:.2f} ms first launch "
                           "(excluded from every timing)\n",
                           cuda.context_seconds * 1e3, cuda.first_launch_seconds * 1e3);
}

}  // namespace

Command add_info_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("info", "CPU, caches, compiler, build type, library versions");
  return {app, [] {
            MachineInfo m = machine_info();
            std::cout << fmt::format("host            {}\n", m.host_name)
                      << fmt::format("cpu             {}\n", m.cpu_model)
                      << fmt::format("cores           {} logical, {} physical\n", m.logical_cpus,
                                     m.physical_cores)
                      << fmt::format("clock           {:.0f} MHz\n", m.mhz_per_cpu);
            const MachineState state = machine_state();
            std::cout << fmt::format("affinity        CPUs {} ({} usable)\n",
                                     format_cpu_list(state.affinity), state.usable_cpus())
                      << fmt::format("cpu quota       {}\n",
                                     state.cpu_quota ? fmt::format("{:.2f} CPUs (cgroup)", *state.cpu_quota)
                                                     : std::string("none"))
                      << fmt::format("governor        {}\n",
                                     state.governor.empty() ? "unknown" : state.governor)
                      << fmt::format("load average    {:.2f} {:.2f} {:.2f}\n", state.load_average[0],
                                     state.load_average[1], state.load_average[2]);
            for (const auto& c : m.caches)
              std::cout << fmt::format("cache L{} {:<11} {} KiB (shared by {} logical CPUs)\n",
                                       c.level, c.type, c.size_bytes / 1024, c.shared_by);
            std::cout << fmt::format("os              {}\n", m.os)
                      << fmt::format("compiler        {}\n", m.compiler)
                      << fmt::format("build type      {}\n", m.build_type);
            for (const auto& [name, version] : m.libraries)
              std::cout << fmt::format("{:<15} {}\n", name, version);  // "Google Benchmark" is 16
            print_gpus(cuda_status());
            return 0;
          }};
}

}  // namespace concur::cli
