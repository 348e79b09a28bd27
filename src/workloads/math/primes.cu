// primes on the device: one thread per number, the same trial division as
// the CPU tasks (kernels.hpp).
#include "workloads/math/cuda_kernels.hpp"
#include "workloads/math/cuda_support.cuh"

namespace concur::math {
namespace {

__global__ void primes_kernel(std::uint64_t limit, unsigned long long* total) {
  const std::uint64_t n = std::uint64_t{blockIdx.x} * blockDim.x + threadIdx.x;
  const bool prime = n < limit && is_prime_trial_division(static_cast<std::uint32_t>(n));
  cuda::warp_add(prime ? 1 : 0, total);
}

class PrimesCuda final : public CudaCapability {
 public:
  explicit PrimesCuda(std::uint64_t limit) : limit_(limit) {}

  CudaRun run_on_device() const override {
    constexpr unsigned threads = 256;
    const unsigned blocks = cuda::blocks_for(limit_, threads);
    return cuda::run_counting(limit_, blocks, threads, [&](unsigned long long* total) {
      primes_kernel<<<blocks, threads>>>(limit_, total);
    });
  }

 private:
  std::uint64_t limit_;
};

}  // namespace

std::unique_ptr<CudaCapability> make_primes_cuda(std::uint64_t limit) {
  return std::make_unique<PrimesCuda>(limit);
}

}  // namespace concur::math
