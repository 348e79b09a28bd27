// Every CPU model gives the same verified answer on every math kernel: the
// kernels are safe to run from threads and forked children, and their
// answers do not depend on which worker ran which task.
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "concur/registry.hpp"
#include "sanitizers.hpp"

namespace concur {
namespace {

// Small sizes: a few milliseconds each.
Options small_options(const std::string& workload) {
  Options options;
  options.seed = 2024;
  if (workload == "factorise") options.size = 400;
  if (workload == "mandelbrot") options.size = 48;
  if (workload == "pi") options.size = 300'000;
  return options;
}

class MathKernelOnModel
    : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(MathKernelOnModel, VerifiesWithTheSameAnswerAsSequential) {
  const auto& [workload_name, model_name] = GetParam();
  if (model_name == "openmp" && testing::running_under_tsan()) GTEST_SKIP() << "libgomp is not TSan-instrumented";
  const Options options = small_options(workload_name);
  auto workload = find_workload(workload_name)->make(options);
  auto model = find_model(model_name)->make(options);
  ASSERT_TRUE(model->availability().ok) << model->availability().reason;

  RunOutcome outcome = model->run(*workload, 2);
  ASSERT_EQ(outcome.error, "");
  Answer answer = workload->combine(outcome.results);
  EXPECT_EQ(answer.failed_tasks, 0u) << answer.first_error;
  EXPECT_TRUE(workload->verify(answer).ok) << workload->verify(answer).reason;

  RunOutcome reference = find_model("sequential")->make(options)->run(*workload, 1);
  EXPECT_EQ(answer.value, workload->combine(reference.results).value);
  EXPECT_EQ(answer.items, workload->items());
}

INSTANTIATE_TEST_SUITE_P(
    Math, MathKernelOnModel,
    ::testing::Combine(::testing::Values("factorise", "mandelbrot", "pi"),
                       ::testing::Values("sequential", "threads", "processes", "openmp", "gil")),
    [](const auto& param_info) {
      return std::get<0>(param_info.param) + "_on_" + std::get<1>(param_info.param);
    });

}  // namespace
}  // namespace concur
