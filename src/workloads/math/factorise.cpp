// factorise: the prime factors of integers drawn from [20,000, 100,000,000]
// by trial division: the course's CPU-bound experiment, with its 10,000
// numbers by default (--size N for more; ~20 ms here, so the cost of
// starting workers shows, as it did in the course). The
// numbers come from SplitMix64 of (seed, index), so every model and the GPU
// factorise the same ones. One task = one chunk of consecutive indices.
// Checksum: the sum of all prime factors plus their count times an odd
// constant. Verified against a second factorisation by another method:
// division by the primes of a sieve only, each product checked.
#include <memory>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/options.hpp"
#include "concur/workload.hpp"
#include "workloads/math/cuda_kernels.hpp"
#include "workloads/math/kernels.hpp"
#include "workloads/math/reference_cost.hpp"
#include "workloads/math/slices.hpp"

namespace concur {

namespace math {
CONCUR_CUDA_SIDE(make_factorise_cuda, std::uint64_t seed, std::uint64_t count)  // factorise.cu
}
namespace {

constexpr std::uint64_t kDefaultCount = 10'000;  // the course's count
constexpr std::uint64_t kQuickCount = 2'000;
constexpr std::uint64_t kMaxCount = 1'000'000'000;
constexpr std::size_t kFactoriseTasks = 100;
constexpr double kFactoriseSecondsPerNumber = 2e-6;

std::vector<std::uint32_t> primes_up_to(std::uint32_t limit) {
  std::vector<bool> composite(limit + 1, false);
  std::vector<std::uint32_t> primes;
  for (std::uint32_t n = 2; n <= limit; ++n) {
    if (composite[n]) continue;
    primes.push_back(n);
    for (std::uint64_t m = std::uint64_t{n} * n; m <= limit; m += n) composite[m] = true;
  }
  return primes;
}

// The gold checksum, by a different algorithm than the tasks': only primes
// (from a sieve up to sqrt(10^8)) are tried, and the factors must multiply
// back to the number.
std::uint64_t reference_checksum(std::uint64_t seed, std::uint64_t count) {
  const std::vector<std::uint32_t> primes = primes_up_to(10'000);
  std::uint64_t total = 0;
  math::InterruptPoll poll;
  for (std::uint64_t i = 0; i < count; ++i) {
    poll();
    const std::uint32_t n = math::factorise_input(seed, i);
    std::uint32_t rest = n;
    std::uint64_t sum = 0, factors = 0, product = 1;
    for (std::uint32_t p : primes) {
      if (std::uint64_t{p} * p > rest) break;
      for (; rest % p == 0; rest /= p, ++factors, sum += p, product *= p) {
      }
    }
    if (rest > 1) ++factors, sum += rest, product *= rest;  // no prime <= sqrt divides it
    if (product != n)
      throw std::logic_error(fmt::format("factorise: reference factors of {} multiply to {}", n,
                                         product));
    total += math::factor_checksum(sum, factors);
  }
  return total;
}

class FactoriseWorkload final : public Workload {
 public:
  FactoriseWorkload(std::uint64_t seed, std::uint64_t count)
      : seed_(seed), count_(count), slices_(count, kFactoriseTasks),
        expected_(reference_checksum(seed, count)),
        cuda_(math::make_factorise_cuda(seed, count)) {}

  const WorkloadInfo& info() const override { return info_; }
  std::size_t task_count() const override { return slices_.count(); }
  std::uint64_t items() const override { return count_; }

  TaskResult run_task(std::size_t index, TaskContext& context) const override {
    auto [begin, end] = slices_.slice(index);
    TaskResult r;
    for (std::uint64_t i = begin; i < end; ++i) {
      r.value += math::factorise_checksum(math::factorise_input(seed_, i));
      context.checkpoint();
    }
    r.items = end - begin;
    return r;
  }

  Verdict verify(const Answer& answer) const override {
    if (answer.items != count_)
      return Verdict::fail(fmt_mismatch("numbers factorised", count_, answer.items));
    if (answer.value != expected_)
      return Verdict::fail(fmt_mismatch(
          fmt::format("factor checksum of {} numbers (seed {})", count_, seed_), expected_,
          answer.value));
    return Verdict::pass();
  }

  const CudaCapability* cuda() const override { return cuda_.get(); }

 private:
  WorkloadInfo info_ = declared_workload_info("factorise", "numbers");
  std::uint64_t seed_;
  std::uint64_t count_;
  math::Slices slices_;
  std::uint64_t expected_;
  std::unique_ptr<CudaCapability> cuda_;
};

}  // namespace

std::unique_ptr<Workload> make_factorise_workload(const Options& options) {
  const std::uint64_t count = options.size.value_or(options.quick ? kQuickCount : kDefaultCount);
  if (count == 0 || count > kMaxCount)
    throw UsageError(fmt::format("factorise: --size (how many numbers) must be 1 to {}, got {}",
                                 kMaxCount, count));
  math::announce_reference_cost("factorise", count, kFactoriseSecondsPerNumber);
  return std::make_unique<FactoriseWorkload>(options.seed, count);
}

}  // namespace concur
