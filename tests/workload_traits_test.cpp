// Each workload's traits are declared once (workloads.def) and reach both
// its registry entry and its own info(); models decide on them, and the
// group names that `list` prints in JSON and CSV stay what they were.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>

#include "concur/registry.hpp"
#include "workloads/download/download_options.hpp"

namespace concur {
namespace {

Options quick_workload_options() {
  Options options;
  options.quick = true;
  options.plugins.get<DownloadOptions>().images = 2;
  options.plugins.get<DownloadOptions>().latency_ms = 0;
  return options;
}

TEST(WorkloadTraits, EveryWorkloadCarriesTheTraitsOfItsDefLine) {
  ASSERT_FALSE(workload_registry().empty());
  for (const auto& entry : workload_registry()) {
    auto workload = entry.make(quick_workload_options());
    EXPECT_EQ(workload->info().name, entry.name);
    EXPECT_EQ(workload->info().traits, entry.traits) << entry.name;
    EXPECT_EQ(declared_workload_info(entry.name, "units").traits, entry.traits) << entry.name;
  }
}

// The group names are part of the output (`list` in table, JSON and CSV;
// CellResult::group): the typed traits must give exactly the old strings.
TEST(WorkloadTraits, GroupNamesInTheOutputStayTheSame) {
  const std::map<std::string, std::string> groups{
      {"primes", "math"},           {"factorise", "math"},         {"mandelbrot", "math"},
      {"pi", "math"},               {"download", "io"},            {"stream", "memory"},
      {"contention_mutex", "sharing"}, {"contention_atomic", "sharing"}, {"contention_local", "sharing"},
      {"pipeline", "reactive"}};
  std::map<std::string, std::string> registered;
  for (const auto& entry : workload_registry())
    registered.emplace(entry.name, std::string(group_name(entry.traits.bound)));
  EXPECT_EQ(registered, groups);
  EXPECT_EQ(group_name(Bound::cpu), "math");
  EXPECT_EQ(group_name(Bound::memory), "memory");
  EXPECT_EQ(group_name(Bound::io), "io");
  EXPECT_EQ(group_name(Bound::sharing), "sharing");
  EXPECT_EQ(group_name(Bound::stream), "reactive");
}

TEST(WorkloadTraits, TheDeclaredTraitsSayWhatTheWorkloadsDo) {
  for (const auto& entry : workload_registry()) {
    // Only the I/O group waits on I/O, and only its workloads need no cores.
    EXPECT_EQ(entry.traits.blocks_on_io, entry.traits.bound == Bound::io) << entry.name;
    EXPECT_EQ(needs_cores(entry.traits), !entry.traits.blocks_on_io) << entry.name;
  }
  EXPECT_FALSE(find_workload("primes")->traits.answer_in_shared_memory);
  EXPECT_FALSE(find_workload("download")->traits.answer_in_shared_memory);
  EXPECT_TRUE(find_workload("stream")->traits.answer_in_shared_memory);
  EXPECT_TRUE(find_workload("contention_atomic")->traits.answer_in_shared_memory);
  EXPECT_TRUE(find_workload("pipeline")->traits.answer_in_shared_memory);
  EXPECT_TRUE(find_workload("download")->traits.size_meaning.empty());
  EXPECT_FALSE(find_workload("pi")->traits.size_meaning.empty());
}

TEST(WorkloadTraits, AWorkloadThatWorkloadsDefLacksHasNoDeclaredInfo) {
  EXPECT_THROW(declared_workload_info("no_such_workload", "units"), std::logic_error);
}

TEST(WorkloadTraits, EachCommandScopeIsOneGroup) {
  std::size_t total = 0;
  for (Bound bound : kBounds) {
    const auto entries = workloads_bound_by(bound);
    EXPECT_FALSE(entries.empty()) << group_name(bound);
    for (const WorkloadEntry* entry : entries) EXPECT_EQ(entry->traits.bound, bound) << entry->name;
    total += entries.size();
  }
  EXPECT_EQ(total, workload_registry().size());
  EXPECT_EQ(workloads_bound_by(std::nullopt).size(), workload_registry().size());
}

// A workload whose traits a test sets: models must decide on them alone.
class TraitsOnly final : public Workload {
 public:
  explicit TraitsOnly(WorkloadTraits traits) : info_{"traits_only", "tasks", traits} {}
  const WorkloadInfo& info() const override { return info_; }
  std::size_t task_count() const override { return 1; }
  std::uint64_t items() const override { return 1; }
  TaskResult run_task(std::size_t, TaskContext&) const override { return {}; }
  Verdict verify(const Answer&) const override { return Verdict::pass(); }

 private:
  WorkloadInfo info_;
};

bool supported(std::string_view model, WorkloadTraits traits) {
  return find_model(model)->make(Options{})->supports(TraitsOnly(traits)).ok;
}

TEST(WorkloadTraits, OpenmpAndTbbLeaveOutExactlyTheWorkloadsThatBlockOnIo) {
  for (std::string_view model : {"openmp", "tbb"}) {
    EXPECT_TRUE(supported(model, bound_by(Bound::cpu))) << model;
    EXPECT_TRUE(supported(model, bound_by(Bound::memory).with_answer_in_shared_memory())) << model;
    EXPECT_FALSE(supported(model, bound_by(Bound::io).with_blocking_io())) << model;
    // The trait decides, not the group: a non-blocking I/O workload is fine.
    EXPECT_TRUE(supported(model, bound_by(Bound::io))) << model;
  }
}

TEST(WorkloadTraits, MpiLeavesOutExactlyTheWorkloadsWhoseAnswerIsInSharedMemory) {
  EXPECT_TRUE(supported("mpi", bound_by(Bound::cpu)));
  EXPECT_TRUE(supported("mpi", bound_by(Bound::io).with_blocking_io()));
  EXPECT_FALSE(supported("mpi", bound_by(Bound::sharing).with_answer_in_shared_memory()));
  EXPECT_FALSE(supported("mpi", bound_by(Bound::cpu).with_answer_in_shared_memory()));
}

}  // namespace
}  // namespace concur
