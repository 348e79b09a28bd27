// Each math kernel against known values.
#include <gtest/gtest.h>

#include "concur/registry.hpp"
#include "workloads/math/kernels.hpp"

namespace concur {
namespace {

TEST(Primes, TrialDivisionKnownSmallValues) {
  EXPECT_FALSE(math::is_prime_trial_division(0));
  EXPECT_FALSE(math::is_prime_trial_division(1));
  EXPECT_TRUE(math::is_prime_trial_division(2));
  EXPECT_TRUE(math::is_prime_trial_division(3));
  EXPECT_FALSE(math::is_prime_trial_division(9));
  EXPECT_FALSE(math::is_prime_trial_division(25));
  EXPECT_TRUE(math::is_prime_trial_division(7919));
  EXPECT_FALSE(math::is_prime_trial_division(65537u * 65521u));  // 32-bit semiprime
  EXPECT_TRUE(math::is_prime_trial_division(4294967291u));       // largest 32-bit prime
}

Answer run_sequentially(Workload& w) {
  std::vector<TaskResult> results;
  TaskContext context;
  for (std::size_t i = 0; i < w.task_count(); ++i) results.push_back(w.run_task(i, context));
  return w.combine(results);
}

TEST(Primes, CountsBelowOneMillionIs78498) {
  Options options;
  options.size = 1'000'000;
  auto w = find_workload("primes")->make(options);
  Answer answer = run_sequentially(*w);
  EXPECT_EQ(answer.value, 78'498u);
  EXPECT_EQ(answer.items, 1'000'000u);
  EXPECT_TRUE(w->verify(answer).ok);
  answer.value += 1;
  EXPECT_FALSE(w->verify(answer).ok);
}

}  // namespace
}  // namespace concur
