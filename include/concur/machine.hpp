// What this machine is (shown by `info`, stored in JSON's context, quoted by
// `course`) and what it is doing when a run starts (for sanity warnings).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace concur {

struct CacheInfo {
  int level = 0;
  std::string type;  // "Data", "Instruction", "Unified"
  long size_bytes = 0;
  int shared_by = 1;  // logical CPUs sharing one instance
};

struct MachineInfo {
  std::string host_name;
  std::string cpu_model;
  unsigned logical_cpus = 0;   // what multiprocessing.cpu_count() reports
  unsigned physical_cores = 0;
  double mhz_per_cpu = 0;
  std::vector<CacheInfo> caches;
  std::string os;  // kernel name and release
  std::string compiler;
  std::string build_type;
  std::vector<std::pair<std::string, std::string>> libraries;  // name, version
};

MachineInfo machine_info();
// The caches of CPU 0, from sysfs (empty where Linux does not say).
std::vector<CacheInfo> cpu_caches();

// "GCC 12.2.0": the compiler this binary was built with.
std::string compiler_name();

// Read at the start of a run: what may disturb it.
struct MachineState {
  double load_average[3] = {0, 0, 0};  // 1, 5, 15 minutes
  std::vector<unsigned> affinity;      // CPUs this process may run on
  std::optional<double> cpu_quota;     // cgroup CPU limit in CPUs, when one is set
  std::string governor;                // cpufreq governor of CPU 0; empty if unreadable
  // CPUs the work can really use: affinity, capped by the quota.
  unsigned usable_cpus() const;
};

MachineState machine_state();

// "0-3,8" -> {0,1,2,3,8}. Throws std::invalid_argument on anything else.
std::vector<unsigned> parse_cpu_list(const std::string& list);
// {0,1,2,3,8} -> "0-3,8"
std::string format_cpu_list(const std::vector<unsigned>& cpus);

}  // namespace concur
