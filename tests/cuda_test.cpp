// The cuda model. Host-side behaviour is tested everywhere; the device tests
// run where a GPU answers and are skipped, with the reason, elsewhere.
#include <gtest/gtest.h>

#include "concur/registry.hpp"
#include "concur/runner.hpp"
#include "models/cuda_device.hpp"
#include "run_binary.hpp"
#include "test_workloads.hpp"

namespace concur {
namespace {

std::unique_ptr<Workload> small(const std::string& name) {
  Options options;
  options.size = name == "pi" ? 1'000'000 : name == "mandelbrot" ? 200 : 2'000;
  return find_workload(name)->make(options);
}

// One launch uses the whole device: a sweep of worker counts plans a single
// cuda cell, and it has no per-worker efficiency to report.
TEST(CudaModel, AWorkerSweepPlansOneCellWithoutEfficiency) {
  Plan plan;
  plan.workloads = {"pi"};
  plan.models = {"cuda"};
  plan.workers = {1, 2, 4};
  plan.sampling.fixed_repetitions = 1u;
  plan.options.size = 1000;
  RunReport report = run_matrix(plan);
  ASSERT_EQ(report.cells.size(), 1u);
  EXPECT_FALSE(report.cells[0].has_efficiency);
  EXPECT_FALSE(report.analysis.cells[0].efficiency.has_value());
}

TEST(CudaModel, WorkloadsWithoutAKernelAreNotApplicable) {
  auto model = find_model("cuda")->make(Options{});
  testing::SquaresWorkload squares(4);
  Availability a = model->supports(squares);
  EXPECT_FALSE(a.ok);
  EXPECT_EQ(a.reason, "no CUDA kernel for this workload");
  EXPECT_EQ(model->run(squares, 1).error, "no CUDA kernel for this workload");
}

TEST(CudaModel, MathKernelsOfferADeviceSideExactlyWhenBuilt) {
  for (const char* name : {"primes", "factorise", "mandelbrot", "pi"}) {
#if defined(CONCUR_HAVE_CUDA)
    EXPECT_NE(small(name)->cuda(), nullptr) << name;
#else
    EXPECT_EQ(small(name)->cuda(), nullptr) << name;
#endif
  }
}

TEST(CudaModel, UnusableGpuMakesSkippedCellsNotFailures) {
  if (cuda_status().usable) GTEST_SKIP() << "a CUDA device is usable here";
  Plan plan;
  plan.workloads = {"pi"};
  plan.models = {"cuda"};
  plan.sampling.fixed_repetitions = 1u;
  plan.options.size = 1000;
  RunReport report = run_matrix(plan);
  ASSERT_EQ(report.cells.size(), 1u);
  EXPECT_EQ(report.cells[0].status, CellStatus::skipped);
  EXPECT_EQ(report.cells[0].reason, cuda_status().reason);
  EXPECT_FALSE(report.cells[0].reason.empty());
#if !defined(CONCUR_HAVE_CUDA)
  EXPECT_EQ(report.cells[0].reason.rfind("not built (", 0), 0u) << report.cells[0].reason;
#endif
  EXPECT_EQ(report.exit_code(), 0);
}

TEST(CudaCli, ListAndInfoSayWhetherAGpuIsUsable) {
  const CudaStatus& status = cuda_status();
  auto list = testing::run_binary({"list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto info = testing::run_binary({"info"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  if (status.usable) {
    EXPECT_NE(info.out.find("cuda warm-up"), std::string::npos) << info.out;
    EXPECT_NE(info.out.find(status.devices.at(0).name), std::string::npos) << info.out;
  } else {
    EXPECT_NE(list.out.find("why: " + status.reason), std::string::npos) << list.out;
    EXPECT_NE(info.out.find("none usable: " + status.reason), std::string::npos) << info.out;
  }
}

TEST(CudaVersionText, MajorDotMinor) {
  EXPECT_EQ(cuda_version_text(13000), "13.0");
  EXPECT_EQ(cuda_version_text(12080), "12.8");
}

// --- on a device ---------------------------------------------------------------

class OnDevice : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!cuda_status().usable) GTEST_SKIP() << "skipped: no CUDA device (" << cuda_status().reason << ")";
  }
};

TEST_P(OnDevice, SameVerifiedAnswerAsTheCpu) {
  auto workload = small(GetParam());
  if (!workload->cuda()) GTEST_SKIP() << GetParam() << " has no device side";
  RunOutcome outcome = find_model("cuda")->make(Options{})->run(*workload, 1);
  ASSERT_EQ(outcome.error, "");
  ASSERT_EQ(outcome.results.size(), 1u);
  Answer answer = workload->combine(outcome.results);
  EXPECT_TRUE(workload->verify(answer).ok) << workload->verify(answer).reason;
  RunOutcome cpu = find_model("sequential")->make(Options{})->run(*workload, 1);
  EXPECT_EQ(answer.value, workload->combine(cpu.results).value);
  ASSERT_TRUE(outcome.kernel_seconds.has_value());
  EXPECT_GT(*outcome.kernel_seconds, 0);
  EXPECT_NE(outcome.workers_label.find('x'), std::string::npos) << outcome.workers_label;
}

// Every registered math workload; those without a device side skip.
std::vector<std::string> math_workload_names() {
  std::vector<std::string> names;
  for (const auto& w : workload_registry())
    if (w.traits.bound == Bound::cpu) names.emplace_back(w.name);
  return names;
}
INSTANTIATE_TEST_SUITE_P(Cuda, OnDevice, ::testing::ValuesIn(math_workload_names()));

}  // namespace
}  // namespace concur
