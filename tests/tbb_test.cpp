// The tbb model: oneTBB runs the tasks in an arena of exactly `workers`
// threads (the caller among them), and says why it does not run downloads.
#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "concur/registry.hpp"
#include "concur/runner.hpp"
#include "sanitizers.hpp"
#include "test_workloads.hpp"
#include "workloads/download/download_options.hpp"

namespace concur {
namespace {

// Squares whose tasks record which thread ran them.
class ThreadRecordingWorkload final : public Workload {
 public:
  const WorkloadInfo& info() const override { return squares_.info(); }
  std::size_t task_count() const override { return squares_.task_count(); }
  std::uint64_t items() const override { return squares_.items(); }
  TaskResult run_task(std::size_t index, TaskContext& context) const override {
    {
      std::lock_guard lock(mutex_);
      threads_.insert(std::this_thread::get_id());
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));  // time for others to steal
    return squares_.run_task(index, context);
  }
  Verdict verify(const Answer& answer) const override { return squares_.verify(answer); }
  std::size_t threads_seen() const { return threads_.size(); }

 private:
  testing::SquaresWorkload squares_{400};
  mutable std::mutex mutex_;
  mutable std::set<std::thread::id> threads_;
};


TEST(TbbModel, RunsInAnArenaOfExactlyTheWorkersAsked) {
  auto model = find_model("tbb")->make(Options{});
  if (auto a = model->availability(); !a.ok) GTEST_SKIP() << a.reason;
  // libtbb is not built with ThreadSanitizer: its task hand-over is invisible
  // to it, so TBB's own partitioner state looks raced (as libgomp's does).
  if (testing::tsan_cannot_see(model->info()))
    GTEST_SKIP() << "oneTBB's runtime is not instrumented for ThreadSanitizer";
  for (unsigned workers : {1u, 3u}) {
    ThreadRecordingWorkload workload;
    RunOutcome outcome = model->run(workload, workers);
    ASSERT_EQ(outcome.error, "");
    EXPECT_TRUE(workload.verify(workload.combine(outcome.results)).ok);
    EXPECT_LE(workload.threads_seen(), workers);
    if (workers == 1) {
      EXPECT_EQ(workload.threads_seen(), 1u);
    }
  }
}

TEST(TbbModel, DownloadsAreNotApplicableWithAReason) {
  auto model = find_model("tbb")->make(Options{});
  Plan plan;
  plan.workloads = {"download"};
  plan.models = {"tbb"};
  plan.options.plugins.get<DownloadOptions>().images = 1;
  plan.options.plugins.get<DownloadOptions>().latency_ms = 0;
  RunReport report = run_matrix(plan);
  ASSERT_EQ(report.cells.size(), 1u);
  if (!model->availability().ok) {
    EXPECT_EQ(report.cells[0].status, CellStatus::skipped);
    EXPECT_EQ(report.cells[0].reason, model->availability().reason);
  } else {
    EXPECT_EQ(report.cells[0].status, CellStatus::not_applicable);
    EXPECT_NE(report.cells[0].reason.find("oneTBB"), std::string::npos) << report.cells[0].reason;
  }
}

TEST(TbbModel, InfoNamesTheOneTbbVersionItRunsOn) {
  auto model = find_model("tbb")->make(Options{});
  if (auto a = model->availability(); !a.ok) GTEST_SKIP() << a.reason;
  bool found = false;
  for (const auto& library : plugin_libraries())
    if (library.name == "oneTBB") found = library.version.rfind("20", 0) == 0;
  EXPECT_TRUE(found) << "oneTBB 20xx.y in plugin_libraries()";
}

}  // namespace
}  // namespace concur
