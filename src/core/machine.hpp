// What this machine is: shown by `info`, stored in JSON's context, quoted by
// `course`.
#pragma once

#include <string>
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

// "GCC 12.2.0": the compiler this binary was built with.
std::string compiler_name();

}  // namespace concur
