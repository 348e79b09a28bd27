// What the machine is doing when a run starts: load, the CPUs we may use
// (affinity, cgroup quota) and the frequency governor. Each is read where
// Linux exposes it and left empty elsewhere.
#include <sched.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <tuple>
#include <sstream>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "concur/machine.hpp"

namespace concur {
namespace {

std::string first_line(const char* path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// cgroup v2 "cpu.max": "max 100000" (no limit) or "150000 100000" (1.5 CPUs);
// cgroup v1: cfs_quota_us of -1 means none.
std::optional<double> read_cpu_quota() {
  std::istringstream v2(first_line("/sys/fs/cgroup/cpu.max"));
  std::string quota;
  double period = 0;
  if (v2 >> quota >> period) {
    if (quota == "max" || period <= 0) return std::nullopt;
    return std::strtod(quota.c_str(), nullptr) / period;
  }
  const std::string v1_quota = first_line("/sys/fs/cgroup/cpu/cpu.cfs_quota_us");
  const std::string v1_period = first_line("/sys/fs/cgroup/cpu/cpu.cfs_period_us");
  if (v1_quota.empty() || v1_period.empty()) return std::nullopt;
  const double q = std::strtod(v1_quota.c_str(), nullptr);
  const double p = std::strtod(v1_period.c_str(), nullptr);
  if (q <= 0 || p <= 0) return std::nullopt;
  return q / p;
}

std::vector<unsigned> read_affinity() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<unsigned> cpus;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (unsigned cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  return cpus;
}

long parse_size(const std::string& text) {  // "32K", "1024K", "32M"
  if (text.empty()) return 0;
  long value = std::stol(text);
  switch (text.back()) {
    case 'K': return value * 1024;
    case 'M': return value * 1024 * 1024;
    default: return value;
  }
}

}  // namespace

std::vector<CacheInfo> cpu_caches() {
  namespace fs = std::filesystem;
  std::vector<CacheInfo> caches;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/sys/devices/system/cpu/cpu0/cache", ec)) {
    if (entry.path().filename().string().rfind("index", 0) != 0) continue;
    const auto line = [&](const char* name) { return first_line((entry.path() / name).c_str()); };
    CacheInfo c;
    c.level = std::atoi(line("level").c_str());
    c.type = line("type");
    c.size_bytes = parse_size(line("size"));
    try {
      c.shared_by = std::max(1, static_cast<int>(parse_cpu_list(line("shared_cpu_list")).size()));
    } catch (const std::exception&) {
      c.shared_by = 1;
    }
    caches.push_back(c);
  }
  std::sort(caches.begin(), caches.end(), [](const CacheInfo& a, const CacheInfo& b) {
    return std::tie(a.level, a.type) < std::tie(b.level, b.type);
  });
  return caches;
}

unsigned MachineState::usable_cpus() const {
  unsigned cpus = std::max<unsigned>(1, static_cast<unsigned>(affinity.size()));
  if (cpu_quota) cpus = std::min(cpus, std::max(1u, static_cast<unsigned>(std::ceil(*cpu_quota))));
  return cpus;
}

MachineState machine_state() {
  MachineState s;
  std::istringstream load(first_line("/proc/loadavg"));
  load >> s.load_average[0] >> s.load_average[1] >> s.load_average[2];
  s.affinity = read_affinity();
  s.cpu_quota = read_cpu_quota();
  s.governor = first_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  return s;
}

std::vector<unsigned> parse_cpu_list(const std::string& list) {
  std::vector<unsigned> cpus;
  std::istringstream in(list);
  for (std::string part; std::getline(in, part, ',');) {
    std::size_t used = 0;
    const unsigned long first = std::stoul(part, &used);
    unsigned long last = first;
    if (used < part.size()) {
      if (part[used] != '-') throw std::invalid_argument("bad CPU list: " + list);
      std::size_t more = 0;
      last = std::stoul(part.substr(used + 1), &more);
      if (used + 1 + more != part.size() || last < first)
        throw std::invalid_argument("bad CPU list: " + list);
    }
    if (last >= CPU_SETSIZE) throw std::invalid_argument("CPU number too large: " + list);
    for (unsigned long cpu = first; cpu <= last; ++cpu) cpus.push_back(static_cast<unsigned>(cpu));
  }
  return cpus;
}

std::string format_cpu_list(const std::vector<unsigned>& cpus) {
  std::string out;
  for (std::size_t i = 0; i < cpus.size();) {
    std::size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    out += (out.empty() ? "" : ",") +
           (j == i ? fmt::format("{}", cpus[i]) : fmt::format("{}-{}", cpus[i], cpus[j]));
    i = j + 1;
  }
  return out;
}

}  // namespace concur
