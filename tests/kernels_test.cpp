// Each math kernel against known values.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "concur/errors.hpp"
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

// The textbook SplitMix64, one state stepped forward: the counter-based
// form must give the same stream.
class SequentialSplitMix64 {
 public:
  explicit SequentialSplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

TEST(SplitMix64, CounterFormMatchesTheSequentialGenerator) {
  EXPECT_EQ(math::splitmix64(0, 0), 0xE220A8397B1DCDAFull);  // published first output, seed 0
  for (std::uint64_t seed : {0ull, 42ull, 0xFFFF'FFFF'FFFF'FFFFull}) {
    SequentialSplitMix64 generator(seed);
    for (std::uint64_t i = 0; i < 1000; ++i) ASSERT_EQ(math::splitmix64(seed, i), generator.next());
  }
}

std::vector<std::uint32_t> factors_of(std::uint32_t n) {
  std::vector<std::uint32_t> factors;
  math::for_each_prime_factor(n, [&](std::uint32_t p) { factors.push_back(p); });
  return factors;
}

TEST(Factorise, KnownFactorisations) {
  using F = std::vector<std::uint32_t>;
  EXPECT_EQ(factors_of(360), (F{2, 2, 2, 3, 3, 5}));
  EXPECT_EQ(factors_of(97), (F{97}));
  EXPECT_EQ(factors_of(100'000'000), (F{2, 2, 2, 2, 2, 2, 2, 2, 5, 5, 5, 5, 5, 5, 5, 5}));
  EXPECT_EQ(factors_of(99'999'989), (F{99'999'989}));  // largest prime below 10^8
  EXPECT_EQ(factors_of(9'999 * 10'007u), (F{3, 3, 11, 101, 10'007}));
  EXPECT_EQ(factors_of(65'521u * 65'537u), (F{65'521, 65'537}));
  EXPECT_EQ(math::factorise_checksum(12), 2 + 2 + 3 + 3 * math::kGoldenGamma);
}

TEST(Factorise, InputsStayInTheCoursesRange) {
  for (std::uint64_t i = 0; i < 10'000; ++i) {
    const std::uint32_t n = math::factorise_input(42, i);
    ASSERT_GE(n, 20'000u);
    ASSERT_LE(n, 100'000'000u);
  }
  EXPECT_NE(math::factorise_input(1, 0), math::factorise_input(2, 0));  // the seed matters
}

TEST(Factorise, WorkloadVerifiesAndCatchesAWrongChecksum) {
  Options options;
  options.size = 300;
  auto w = find_workload("factorise")->make(options);
  Answer answer = run_sequentially(*w);
  EXPECT_EQ(answer.items, 300u);
  EXPECT_TRUE(w->verify(answer).ok) << w->verify(answer).reason;
  answer.value += math::kGoldenGamma;  // one extra factor 0
  EXPECT_FALSE(w->verify(answer).ok);
}

TEST(Mandelbrot, KnownEscapeTimes) {
  EXPECT_EQ(math::mandelbrot_escape(0, 0, 1000), 1000u);    // fixed point 0
  EXPECT_EQ(math::mandelbrot_escape(-1, 0, 1000), 1000u);   // period-2 cycle
  EXPECT_EQ(math::mandelbrot_escape(0, 1, 1000), 1000u);    // i: pre-periodic
  EXPECT_EQ(math::mandelbrot_escape(0.25, 0, 1000), 1000u); // the cusp
  EXPECT_EQ(math::mandelbrot_escape(2, 0, 1000), 2u);       // 0, 2, 6
  EXPECT_EQ(math::mandelbrot_escape(1, 0, 1000), 3u);       // 0, 1, 2, 5
  EXPECT_EQ(math::mandelbrot_escape(-2.1, 0, 1000), 1u);    // 0, -2.1
}

TEST(Mandelbrot, PixelCentresCoverTheView) {
  const math::MandelbrotView v{4, 2, 10, -2.0, 2.0, -1.0, 1.0};
  EXPECT_DOUBLE_EQ(math::mandelbrot_cx(v, 0), -1.5);
  EXPECT_DOUBLE_EQ(math::mandelbrot_cx(v, 3), 1.5);
  EXPECT_DOUBLE_EQ(math::mandelbrot_cy(v, 0), 0.5);  // row 0 at the top
  EXPECT_DOUBLE_EQ(math::mandelbrot_cy(v, 1), -0.5);
}

TEST(Mandelbrot, WorkloadVerifiesAndCatchesAWrongTotal) {
  Options options;
  options.size = 64;
  auto w = find_workload("mandelbrot")->make(options);
  EXPECT_EQ(w->task_count(), 40u);  // one row each, 64 x 40 pixels
  Answer answer = run_sequentially(*w);
  EXPECT_EQ(answer.items, 64u * 40u);
  EXPECT_TRUE(w->verify(answer).ok) << w->verify(answer).reason;
  answer.value -= 1;
  EXPECT_FALSE(w->verify(answer).ok);
}

// Independent of kernels.hpp: 128-bit arithmetic on the raw generator output.
__extension__ typedef unsigned __int128 Uint128;
std::uint64_t count_hits_independently(std::uint64_t seed, std::uint64_t samples) {
  SequentialSplitMix64 generator(seed);
  std::uint64_t hits = 0;
  for (std::uint64_t i = 0; i < samples; ++i) {
    const std::uint64_t r = generator.next();
    const Uint128 x = r >> 33, y = (r & 0xFFFF'FFFFull) >> 1;
    hits += x * x + y * y < (Uint128{1} << 62);
  }
  return hits;
}

TEST(Pi, HitsMatchAnIndependentCountAndEstimatePi) {
  Options options;
  options.size = 400'000;
  options.seed = 7;
  auto w = find_workload("pi")->make(options);
  Answer answer = run_sequentially(*w);
  EXPECT_EQ(answer.value, count_hits_independently(7, 400'000));
  EXPECT_NEAR(4.0 * static_cast<double>(answer.value) / 400'000, std::numbers::pi, 0.01);
  EXPECT_TRUE(w->verify(answer).ok) << w->verify(answer).reason;
  answer.value += 1;
  EXPECT_FALSE(w->verify(answer).ok);
}

TEST(MathWorkloads, BadSizesAreUsageErrors) {
  for (const char* name : {"factorise", "mandelbrot", "pi"}) {
    Options options;
    options.size = 0;
    EXPECT_THROW(find_workload(name)->make(options), UsageError) << name;
  }
}

}  // namespace
}  // namespace concur
