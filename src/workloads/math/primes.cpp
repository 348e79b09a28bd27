// primes: count the primes below N by trial division (2, then odd divisors
// up to sqrt(n)). One task = one contiguous slice of [0, N); later slices
// cost more (bigger sqrt), which is what dynamic hand-out is for. Verified
// against a sieve of Eratosthenes: a different algorithm, same answer.
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "concur/errors.hpp"
#include "concur/options.hpp"
#include "concur/workload.hpp"
#include "workloads/math/cuda_kernels.hpp"
#include "workloads/math/kernels.hpp"
#include "workloads/math/reference_cost.hpp"
#include "workloads/math/slices.hpp"

namespace concur {

namespace math {
CONCUR_CUDA_SIDE(make_primes_cuda, std::uint64_t limit)  // primes.cu
}
namespace {

constexpr std::uint64_t kDefaultLimit = 2'000'000;  // ~0.2 s sequential
constexpr std::uint64_t kQuickLimit = 300'000;
constexpr std::size_t kPrimesTasks = 256;
constexpr double kSieveSecondsPerNumber = 5e-9;

std::uint64_t sieve_count_below(std::uint64_t limit) {
  if (limit < 3) return 0;
  std::vector<bool> composite(limit, false);
  std::uint64_t count = 0;
  math::InterruptPoll poll;
  for (std::uint64_t n = 2; n < limit; ++n) {
    poll();
    if (composite[n]) continue;
    ++count;
    // In blocks, so the marking loop itself stays as tight as it was.
    for (std::uint64_t m = n * n; m < limit;) {
      const std::uint64_t block_end = m + std::min<std::uint64_t>(limit - m, n << 20);
      for (; m < block_end; m += n) composite[m] = true;
      throw_if_interrupted();
    }
  }
  return count;
}

class PrimesWorkload final : public Workload {
 public:
  explicit PrimesWorkload(std::uint64_t limit)
      : limit_(limit), slices_(limit, kPrimesTasks), expected_(sieve_count_below(limit)),
        cuda_(math::make_primes_cuda(limit)) {}

  const WorkloadInfo& info() const override { return info_; }
  std::size_t task_count() const override { return slices_.count(); }
  std::uint64_t items() const override { return limit_; }

  TaskResult run_task(std::size_t index, TaskContext& context) const override {
    auto [begin, end] = slices_.slice(index);
    TaskResult r;
    for (std::uint64_t n = begin; n < end; ++n) {
      r.value += math::is_prime_trial_division(static_cast<std::uint32_t>(n)) ? 1 : 0;
      context.checkpoint();
    }
    r.items = end - begin;
    return r;
  }

  Verdict verify(const Answer& answer) const override {
    if (answer.value == expected_) return Verdict::pass();
    return Verdict::fail(fmt_mismatch("primes below " + std::to_string(limit_), expected_,
                                      answer.value));
  }

  const CudaCapability* cuda() const override { return cuda_.get(); }

 private:
  WorkloadInfo info_ = declared_workload_info("primes", "numbers");
  std::uint64_t limit_;
  math::Slices slices_;
  std::uint64_t expected_;
  std::unique_ptr<CudaCapability> cuda_;
};

}  // namespace

std::unique_ptr<Workload> make_primes_workload(const Options& options) {
  const std::uint64_t limit = options.size.value_or(options.quick ? kQuickLimit : kDefaultLimit);
  if (limit > 0xFFFF'FFFFull)
    throw UsageError("primes: --size must be at most 4294967295 (32-bit trial division)");
  math::announce_reference_cost("primes", limit, kSieveSecondsPerNumber);
  return std::make_unique<PrimesWorkload>(limit);
}

}  // namespace concur
