// factorise on the device: one thread per number, the same trial division
// and checksum as the CPU tasks (kernels.hpp).
#include "workloads/math/cuda_kernels.hpp"
#include "workloads/math/cuda_support.cuh"

namespace concur::math {
namespace {

__global__ void factorise_kernel(std::uint64_t seed, std::uint64_t count,
                                 unsigned long long* total) {
  const std::uint64_t i = std::uint64_t{blockIdx.x} * blockDim.x + threadIdx.x;
  const std::uint64_t value = i < count ? factorise_checksum(factorise_input(seed, i)) : 0;
  cuda::warp_add(value, total);
}

class FactoriseCuda final : public CudaCapability {
 public:
  FactoriseCuda(std::uint64_t seed, std::uint64_t count) : seed_(seed), count_(count) {}

  CudaRun run_on_device() const override {
    constexpr unsigned threads = 256;
    const unsigned blocks = cuda::blocks_for(count_, threads);
    return cuda::run_counting(count_, blocks, threads, [&](unsigned long long* total) {
      factorise_kernel<<<blocks, threads>>>(seed_, count_, total);
    });
  }

 private:
  std::uint64_t seed_, count_;
};

}  // namespace

std::unique_ptr<CudaCapability> make_factorise_cuda(std::uint64_t seed, std::uint64_t count) {
  return std::make_unique<FactoriseCuda>(seed, count);
}

}  // namespace concur::math
