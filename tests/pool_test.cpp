// The persistent pool: its threads are started once and reused by every
// run, every task runs exactly once, and destroying it joins them all.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "concur/registry.hpp"
#include "core/mechanism.hpp"
#include "models/worker_pool.hpp"
#include "test_workloads.hpp"

namespace concur {
namespace {

std::size_t threads_in_this_process() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++count;
  return count;
}

// The ids of the threads that ran the tasks of one run.
std::set<std::thread::id> run_and_collect(WorkerPool& pool, unsigned workers, std::size_t tasks) {
  std::mutex mutex;
  std::set<std::thread::id> ids;
  pool.run(workers, tasks, [&](std::size_t) {
    std::lock_guard lock(mutex);
    ids.insert(std::this_thread::get_id());
  });
  return ids;
}

TEST(WorkerPool, ThreadsAreStartedOnceAndReusedByEveryRun) {
  WorkerPool pool;
  pool.grow_to(3);
  const std::size_t threads_before = threads_in_this_process();
  std::set<std::thread::id> all;
  for (int run = 0; run < 20; ++run) {
    auto ids = run_and_collect(pool, 3, 300);
    EXPECT_LE(ids.size(), 3u);
    EXPECT_EQ(ids.count(std::this_thread::get_id()), 0u) << "the caller only waits";
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_LE(all.size(), 3u) << "a run started a thread of its own";
  EXPECT_EQ(threads_in_this_process(), threads_before);
  EXPECT_EQ(pool.size(), 3u);
}

TEST(WorkerPool, EveryTaskRunsExactlyOnceWhateverTheWorkerCount) {
  WorkerPool pool;
  for (unsigned workers : {1u, 4u, 2u, 16u, 1u}) {
    std::vector<std::atomic<int>> runs(5'000);
    pool.run(workers, runs.size(), [&](std::size_t i) { runs[i].fetch_add(1); });
    for (std::size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i].load(), 1) << "task " << i;
  }
  EXPECT_EQ(pool.size(), 16u) << "a pool only grows";
}

TEST(WorkerPool, FewerWorkersThanThreadsUsesOnlyThatMany) {
  WorkerPool pool;
  pool.grow_to(8);
  EXPECT_EQ(run_and_collect(pool, 1, 200).size(), 1u);
}

// Voluntary context switches of every thread of this process, by tid.
std::map<std::string, long> voluntary_switches_by_thread() {
  std::map<std::string, long> out;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream status(task.path() / "status");
    for (std::string line; std::getline(status, line);)
      if (line.starts_with("voluntary_ctxt_switches:")) out[task.path().filename()] = std::stol(line.substr(24));
  }
  return out;
}

// A run on fewer workers than the pool holds wakes only those: the parked
// rest do not switch at all (a broadcast wake-up made every one of them
// run, find nothing for itself, and sleep again).
TEST(WorkerPool, ARunWakesOnlyTheThreadsItUses) {
  WorkerPool pool;
  pool.grow_to(8);
  run_and_collect(pool, 8, 800);  // every thread has run once
  // ... and parked: the last to finish may still be on its way to its wake-up.
  ASSERT_TRUE(mechanism::wait_for_own_threads_to_settle(std::chrono::seconds(5)));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto before = voluntary_switches_by_thread();
  for (int run = 0; run < 20; ++run) run_and_collect(pool, 2, 50);
  const auto after = voluntary_switches_by_thread();
  const std::string caller = std::to_string(::gettid());
  int woken = 0;
  for (const auto& [tid, switches] : after)
    if (auto it = before.find(tid); tid != caller && it != before.end() && switches != it->second) ++woken;
  // 2 workers, and room for one thread not the pool's (a sanitizer's own);
  // a broadcast wake-up switched all 8.
  EXPECT_LE(woken, 3) << "the other 6 pool threads must stay parked";
}

TEST(WorkerPool, ZeroTasksReturnsAtOnce) {
  WorkerPool pool;
  EXPECT_TRUE(run_and_collect(pool, 4, 0).empty());
}

TEST(WorkerPool, DestroyingThePoolJoinsItsThreads) {
  // ThreadSanitizer starts a background thread of its own along with the
  // program's first thread: start one first, so only the pool's are counted.
  std::thread([] {}).join();
  const std::size_t before = threads_in_this_process();
  {
    WorkerPool pool;
    pool.grow_to(5);
    EXPECT_EQ(threads_in_this_process(), before + 5);
  }
  EXPECT_EQ(threads_in_this_process(), before);
}

TEST(PoolModel, PrepareStartsTheThreadsSoARunStartsNone) {
  auto model = find_model("pool")->make(Options{});
  testing::SquaresWorkload none(0);
  model->prepare(none, 4);
  const std::size_t prepared = threads_in_this_process();
  testing::SquaresWorkload workload(1000);
  RunOutcome outcome = model->run(workload, 4);
  EXPECT_EQ(threads_in_this_process(), prepared);
  ASSERT_EQ(outcome.error, "");
  EXPECT_TRUE(workload.verify(workload.combine(outcome.results)).ok);
}

}  // namespace
}  // namespace concur
