// What a workload is like, as models and commands need to know it: declared
// once per workload on its line of src/workloads/workloads.def, carried by
// its WorkloadInfo and its registry entry. Code decides on these fields,
// never on a workload's or group's name.
#pragma once

#include <string_view>

namespace concur {

// What limits the workload's speed; it is also the workload's group (the
// commands run by group, and reports show group_name()).
enum class Bound {
  cpu,      // arithmetic on private data: the math kernels
  memory,   // memory bandwidth: stream
  io,       // waiting on the network or disk: download
  sharing,  // many workers on one piece of shared state: contention_*
  stream,   // events through concurrent stages: pipeline
};
inline constexpr Bound kBounds[] = {Bound::cpu, Bound::memory, Bound::io, Bound::sharing, Bound::stream};

struct WorkloadTraits {
  Bound bound = Bound::cpu;
  // Its tasks spend their time blocked on I/O, not computing: they need no
  // core while they wait, and a scheduler of CPU work (OpenMP, oneTBB) would
  // stall a worker on each.
  bool blocks_on_io = false;
  // Its answer is built in memory every worker shares (stream's arrays,
  // contention's counters, pipeline's latency histogram), not returned by
  // the tasks: workers that only send task results back (mpi ranks on
  // other hosts) cannot run it.
  bool answer_in_shared_memory = false;
  // What --size sets, for the help ("" when --size does not apply).
  std::string_view size_meaning = {};

  bool operator==(const WorkloadTraits&) const = default;

  // For the .def lines: bound_by(Bound::io).with_blocking_io() reads as it
  // means, and names each trait it sets.
  constexpr WorkloadTraits with_blocking_io() const {
    WorkloadTraits t = *this;
    t.blocks_on_io = true;
    return t;
  }
  constexpr WorkloadTraits with_answer_in_shared_memory() const {
    WorkloadTraits t = *this;
    t.answer_in_shared_memory = true;
    return t;
  }
  constexpr WorkloadTraits with_size(std::string_view meaning) const {
    WorkloadTraits t = *this;
    t.size_meaning = meaning;
    return t;
  }
};

constexpr WorkloadTraits bound_by(Bound bound) {
  WorkloadTraits t;
  t.bound = bound;
  return t;
}

// The group's name in `list`, the table, JSON and CSV: "math", "memory",
// "io", "sharing", "reactive". These names are part of the output format.
std::string_view group_name(Bound bound);

// Needs cores while it runs (not I/O waits): oversubscription and
// efficiency mean something for it (CellResult::cpu_bound).
inline bool needs_cores(const WorkloadTraits& traits) { return !traits.blocks_on_io; }

}  // namespace concur
