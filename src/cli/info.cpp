// `concur-bench info`: the machine and the build, for reading any result; as
// aligned lines, or as JSON for scripts.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "concur/version.hpp"
#include "cli/command.hpp"
#include "cli/help_formatter.hpp"
#include "cli/suggest.hpp"
#include "concur_commit.hpp"
#include "core/machine.hpp"
#include "models/cuda_device.hpp"

namespace concur::cli {
namespace {

using Json = nlohmann::ordered_json;
using Lines = std::vector<std::pair<std::string, std::string>>;

std::string gib(std::uint64_t bytes) { return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1 << 30)); }

// Label and value, in the order `info` shows them.
Lines info_lines(const MachineInfo& m, const MachineState& state, const CudaStatus& cuda) {
  Lines lines = {{"concur-bench", fmt::format("{} (commit {})", build_info::version, CONCUR_GIT_COMMIT)},
                 {"host", m.host_name},
                 {"cpu", m.cpu_model},
                 {"cores", fmt::format("{} logical, {} physical", m.logical_cpus, m.physical_cores)},
                 {"clock", fmt::format("{:.0f} MHz", m.mhz_per_cpu)},
                 {"affinity", fmt::format("CPUs {} ({} usable)", format_cpu_list(state.affinity), state.usable_cpus())},
                 {"cpu quota", state.cpu_quota ? fmt::format("{:.2f} CPUs (cgroup)", *state.cpu_quota) : "none"},
                 {"governor", state.governor.empty() ? "unknown" : state.governor},
                 {"load average", fmt::format("{:.2f} {:.2f} {:.2f}", state.load_average[0], state.load_average[1],
                                              state.load_average[2])}};
  for (const auto& c : m.caches)
    lines.emplace_back(fmt::format("cache L{} {}", c.level, c.type),
                       fmt::format("{} KiB (shared by {} logical CPUs)", c.size_bytes / 1024, c.shared_by));
  lines.insert(lines.end(), {{"os", m.os}, {"compiler", m.compiler}, {"build type", m.build_type}});
  for (const auto& [name, version] : m.libraries) lines.emplace_back(name, version);
  if (!cuda.usable) {
    lines.emplace_back("gpu", "none usable: " + cuda.reason);
    return lines;
  }
  lines.emplace_back("cuda", fmt::format("driver {}, runtime {}", cuda_version_text(cuda.driver_version),
                                         cuda_version_text(cuda.runtime_version)));
  for (std::size_t i = 0; i < cuda.devices.size(); ++i) {
    const GpuDevice& d = cuda.devices[i];
    lines.emplace_back(fmt::format("gpu {}", i), fmt::format("{}, compute {}.{}, {} SMs, {}", d.name, d.major,
                                                             d.minor, d.multiprocessors, gib(d.memory_bytes)));
  }
  lines.emplace_back("cuda warm-up", fmt::format("{:.1f} ms context, {:.2f} ms first launch (excluded from "
                                                 "every timing)",
                                                 cuda.context_seconds * 1e3, cuda.first_launch_seconds * 1e3));
  return lines;
}

std::string render_lines(const Lines& lines) {
  std::size_t width = 0;
  for (const auto& line : lines) width = std::max(width, line.first.size());
  std::string out;
  for (const auto& [label, value] : lines) out += fmt::format("{:<{}}  {}\n", label, width, value);
  return out;
}

Json info_json(const MachineInfo& m, const MachineState& state, const CudaStatus& cuda) {
  Json caches = Json::array();
  for (const auto& c : m.caches)
    caches.push_back({{"level", c.level}, {"type", c.type}, {"size_bytes", c.size_bytes}, {"shared_by", c.shared_by}});
  Json libraries = Json::object();
  for (const auto& [name, version] : m.libraries) libraries[name] = version;
  Json gpu = {{"usable", cuda.usable}};
  if (!cuda.usable) {
    gpu["reason"] = cuda.reason;
  } else {
    gpu["driver"] = cuda_version_text(cuda.driver_version);
    gpu["runtime"] = cuda_version_text(cuda.runtime_version);
    gpu["devices"] = Json::array();
    for (const GpuDevice& d : cuda.devices)
      gpu["devices"].push_back({{"name", d.name},
                                {"compute_capability", fmt::format("{}.{}", d.major, d.minor)},
                                {"multiprocessors", d.multiprocessors},
                                {"memory_bytes", d.memory_bytes}});
  }
  return {{"concur_version", build_info::version},
          {"commit", CONCUR_GIT_COMMIT},
          {"host_name", m.host_name},
          {"cpu_model", m.cpu_model},
          {"logical_cpus", m.logical_cpus},
          {"physical_cores", m.physical_cores},
          {"mhz_per_cpu", m.mhz_per_cpu},
          {"affinity", format_cpu_list(state.affinity)},
          {"usable_cpus", state.usable_cpus()},
          {"cpu_quota", state.cpu_quota ? Json(*state.cpu_quota) : Json(nullptr)},
          {"governor", state.governor.empty() ? Json(nullptr) : Json(state.governor)},
          {"load_average", {state.load_average[0], state.load_average[1], state.load_average[2]}},
          {"caches", caches},
          {"os", m.os},
          {"compiler", m.compiler},
          {"build_type", m.build_type},
          {"libraries", libraries},
          {"gpu", gpu}};
}

}  // namespace

Command add_info_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "info", "CPU, caches, affinity, quota, governor, load, compiler, build type, library versions, GPUs");
  auto format = std::make_shared<std::string>("table");
  app->add_option("--format", *format, "Output format")->check(one_of({"table", "json"}));
  app->footer(examples_footer({"concur-bench info", "concur-bench info --format json > machine.json"}));
  return {app, [format] {
            const MachineInfo m = machine_info();
            const MachineState state = machine_state();
            const CudaStatus cuda = cuda_status();
            std::cout << (*format == "json" ? info_json(m, state, cuda).dump(2) + "\n"
                                            : render_lines(info_lines(m, state, cuda)))
                      << std::flush;
            return 0;
          }};
}

}  // namespace concur::cli
