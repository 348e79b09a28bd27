#include "core/machine.hpp"

#include "concur/registry.hpp"

#include <CLI/Version.hpp>
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "concur/version.hpp"

namespace concur {
namespace {

namespace fs = std::filesystem;

std::string read_line(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string cpu_model_name() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown";
}

unsigned count_physical_cores() {
  std::set<std::pair<std::string, std::string>> cores;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/sys/devices/system/cpu", ec)) {
    auto topology = entry.path() / "topology";
    if (!fs::exists(topology / "core_id")) continue;
    cores.emplace(read_line(topology / "physical_package_id"), read_line(topology / "core_id"));
  }
  return static_cast<unsigned>(cores.size());
}

}  // namespace

std::string compiler_name() {
#if defined(__clang__)
  return fmt::format("clang {}", __clang_version__);
#elif defined(__GNUC__)
  return fmt::format("GCC {}", __VERSION__);
#else
  return "unknown";
#endif
}

MachineInfo machine_info() {
  MachineInfo m;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  m.host_name = host;
  m.cpu_model = cpu_model_name();
  m.logical_cpus = std::max(1u, std::thread::hardware_concurrency());
  m.physical_cores = count_physical_cores();
  if (m.physical_cores == 0) m.physical_cores = m.logical_cpus;
  m.mhz_per_cpu = benchmark::CPUInfo::Get().cycles_per_second / 1e6;
  m.caches = cpu_caches();
  utsname u{};
  if (uname(&u) == 0) m.os = fmt::format("{} {} {}", u.sysname, u.release, u.machine);
  m.compiler = compiler_name();
  m.build_type = build_info::build_type;
  m.libraries = {
      {"Google Benchmark", build_info::benchmark_version},
      {"CLI11", CLI11_VERSION},
      {"fmt", fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100)},
  };
  // Then what each model and workload declares it is built on.
  for (auto& library : plugin_libraries()) m.libraries.emplace_back(library.name, library.version);
  return m;
}

}  // namespace concur
